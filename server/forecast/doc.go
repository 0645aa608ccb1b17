// Package forecast predicts per-ticker direction and return over 1, 5 or 21
// trading days and simulates portfolio outcomes, and it says how good the
// predictions have been.
//
// Features are computed per ticker and day from the price and volume
// history up to and including that day only (features.go). Two model
// families (L2-regularised logistic and ridge regression on gonum, and
// small gradient-boosted trees) and a naive baseline (the ticker's
// historical up-rate and mean return) are evaluated walk-forward: an
// expanding window retrained on a fixed schedule, with the horizon
// embargoed so no training label reaches the test day (walkforward.go).
// The metrics (hit rate, Brier score, log loss, information coefficient
// and a calibration table) are reported next to the baseline's.
//
// Trained models are versioned under DATA/models (owner-only files; see
// store.go) and never served. Service loads the newest version at start
// and trains one in the background when there is none.
//
// The Monte Carlo part (montecarlo.go) simulates a portfolio's value with a
// block bootstrap of joint daily returns or a Student-t draw on the
// Ledoit-Wolf shrunk covariance, and back-tests its own 90% band.
package forecast
