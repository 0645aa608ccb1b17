package main

import (
	"fmt"
	"strconv"
	"time"
)

// Fortfolio's limits on one account (model.MaxTransactionsPerFolio and
// model.MaxPortfolios): the write runs must stay inside both.
const (
	transactionLimit = 20000
	portfolioLimit   = 200
)

// writeShare is the most writes one portfolio is planned to receive in a
// run: half the limit, so a faster machine or an uneven rotation still
// measures writes and not refusals at the limit.
const writeShare = transactionLimit / 2

// writePlan is how the writes of the write runs are spread: runs runs,
// each over perRun portfolios of its own (the same on both servers).
type writePlan struct {
	runs, perRun int
}

// planWrites spreads runs write runs of d each, at up to rate writes a
// second, over enough portfolios that none receives more than writeShare.
func planWrites(runs int, rate float64, d time.Duration) (writePlan, error) {
	if runs < 0 || rate <= 0 || d <= 0 {
		return writePlan{}, fmt.Errorf("write runs: %d runs at %g/s for %s", runs, rate, d)
	}
	writes := rate * d.Seconds()
	perRun := max(1, int((writes+writeShare-1)/writeShare))
	if runs*perRun > portfolioLimit {
		return writePlan{}, fmt.Errorf("write runs: %d runs of %d portfolios exceed an account's %d portfolios", runs, perRun, portfolioLimit)
	}
	return writePlan{runs: runs, perRun: perRun}, nil
}

// wrkDuration parses a duration as wrk reads -d: a number of seconds or
// a number with a unit (10s, 2m, 1h).
func wrkDuration(s string) (time.Duration, error) {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(n * float64(time.Second)), nil
	}
	return time.ParseDuration(s)
}

// writeRunLines is the request file of one write run: one line per
// portfolio of the run, which requests.lua rotates over.
func writeRunLines(s server, writer account, portfolios []string) []string {
	lines := make([]string, 0, len(portfolios))
	for _, id := range portfolios {
		path, body := s.writeLine(writer, id)
		lines = append(lines, line(writer.token, path, body))
	}
	return lines
}
