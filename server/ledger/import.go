package ledger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// ImportRejected is the Code of an import refused for line errors.
const ImportRejected = "invalid_csv"

// Import parses and checks a CSV file against the market data and the
// portfolio's history and, unless dryRun or a line has an error, appends
// its transactions. Either every row is imported or none: a result with
// errors and no dry run carries Code ImportRejected and a message.
func (s *Service) Import(ctx context.Context, userID, portfolioID string, body []byte, dryRun bool) (wire.ImportResult, error) {
	res, txs, err := s.prepareImport(ctx, userID, portfolioID, body)
	if err != nil {
		return res, err
	}
	res.DryRun = dryRun
	if len(res.Errors) > 0 && !dryRun {
		res.Error = fmt.Sprintf("%d line(s) of the file have errors; nothing was imported.", len(res.Errors))
		res.Code = ImportRejected
		return res, nil
	}
	if dryRun {
		return res, nil
	}
	added, err := s.store.AddTransactions(ctx, userID, portfolioID, txs, s.now(), s.Ledger())
	if err != nil {
		return res, err
	}
	res.Imported = len(added)
	return res, nil
}

// prepareImport parses and validates a CSV file; it writes nothing.
func (s *Service) prepareImport(ctx context.Context, userID, portfolioID string, body []byte) (wire.ImportResult, []model.Transaction, error) {
	res := wire.ImportResult{Rows: []wire.TransactionInput{}, Errors: []wire.ImportLineError{}}
	rows, lineErrs := portfolio.ParseCSV(body, s.now().UTC())
	res.Errors = append(res.Errors, lineErrs...)
	if len(rows) == 0 && len(lineErrs) == 0 {
		res.Errors = append(res.Errors, wire.ImportLineError{Line: 2, Message: "The file has no transactions."})
	}
	checker := s.newChecker()
	var txs []model.Transaction
	for _, row := range rows {
		t, ferrs, err := checker.check(ctx, row.In)
		if err != nil {
			return res, nil, err
		}
		if ferrs != nil {
			res.Errors = append(res.Errors, wire.ImportLineError{Line: row.Line, Message: ferrs.Error()})
			continue
		}
		res.Rows = append(res.Rows, wire.TransactionInput{Date: row.In.Date, Kind: t.Kind, Ticker: t.Ticker,
			Quantity: t.Quantity, Price: t.Price, Fee: t.Fee, Note: t.Note,
			Amount: t.Amount, Currency: t.Currency, Basis: t.Basis, Ratio: t.Ratio})
		t.ID = "line-" + strconv.Itoa(row.Line)
		txs = append(txs, t)
	}
	if len(res.Errors) > 0 {
		sortLineErrors(res.Errors)
		return res, nil, nil
	}
	if err := s.checkImportPositions(ctx, userID, portfolioID, txs, &res); err != nil {
		return res, nil, err
	}
	for i := range txs {
		txs[i].ID = ""
	}
	return res, txs, nil
}

// checkImportPositions replays the existing history plus the new rows and
// reports an impossible sell or cover against its CSV line.
func (s *Service) checkImportPositions(ctx context.Context, userID, portfolioID string, txs []model.Transaction, res *wire.ImportResult) error {
	existing, err := s.store.ListTransactions(ctx, userID, portfolioID)
	if err != nil {
		return err
	}
	if len(existing)+len(txs) > model.MaxTransactionsPerFolio {
		res.Errors = append(res.Errors, wire.ImportLineError{Line: 0, Message: "The portfolio would exceed 20,000 transactions."})
		return nil
	}
	now := s.now().UTC()
	all := make([]model.Transaction, 0, len(existing)+len(txs))
	all = append(all, existing...)
	for _, t := range txs {
		t.CreatedAt = now
		all = append(all, t)
	}
	model.SortTransactions(all)
	if err := s.splits.Fetch(ctx, portfolio.AsTradedTickers(all)...); err != nil {
		return err
	}
	if _, err := portfolio.ReplayWith(all, s.splits.Of); err != nil {
		var pe *portfolio.PositionError
		if !errors.As(err, &pe) {
			return err
		}
		res.Errors = append(res.Errors, positionLineError(pe))
	}
	return nil
}

// positionLineError reports an impossible position against the CSV line of
// its transaction, or against line 0 when an existing transaction breaks.
func positionLineError(pe *portfolio.PositionError) wire.ImportLineError {
	rest, fromFile := strings.CutPrefix(pe.Tx.ID, "line-")
	line, err := strconv.Atoi(rest)
	if !fromFile || err != nil {
		return wire.ImportLineError{Line: 0, Message: "A transaction already in the portfolio would become impossible: " + pe.Msg}
	}
	return wire.ImportLineError{Line: line, Message: pe.Msg}
}

func sortLineErrors(errs []wire.ImportLineError) {
	slices.SortStableFunc(errs, func(a, b wire.ImportLineError) int { return cmp.Compare(a.Line, b.Line) })
}
