package store

// portfolioMigrations is the versioned schema of each user's
// DATA/users/<id>/portfolio.db.
var portfolioMigrations = []string{
	`CREATE TABLE portfolios (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		note TEXT NOT NULL DEFAULT '',
		currency TEXT NOT NULL DEFAULT 'USD',
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE transactions (
		id TEXT PRIMARY KEY,
		portfolio_id TEXT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('buy','sell','short','cover','dividend','fee')),
		date TEXT NOT NULL,
		ticker TEXT NOT NULL,
		quantity REAL NOT NULL,
		price REAL NOT NULL,
		fee REAL NOT NULL DEFAULT 0,
		note TEXT NOT NULL DEFAULT '',
		created_at INTEGER NOT NULL
	);
	CREATE INDEX transactions_portfolio ON transactions(portfolio_id, date);
	CREATE TABLE stress_sets (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		spec TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);`,
	// 2: cash, currencies and splits. SQLite cannot change a CHECK
	// constraint, so the table is rebuilt with its row ids (the insertion
	// order) kept; every existing row is an adjusted-basis trade.
	`CREATE TABLE transactions_v2 (
		id TEXT PRIMARY KEY,
		portfolio_id TEXT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('buy','sell','short','cover','dividend','fee',
			'deposit','withdrawal','interest','tax','split')),
		date TEXT NOT NULL,
		ticker TEXT NOT NULL,
		quantity REAL NOT NULL,
		price REAL NOT NULL,
		fee REAL NOT NULL DEFAULT 0,
		note TEXT NOT NULL DEFAULT '',
		created_at INTEGER NOT NULL,
		amount REAL NOT NULL DEFAULT 0 CHECK (amount >= 0),
		currency TEXT NOT NULL DEFAULT '',
		basis TEXT NOT NULL DEFAULT 'adjusted' CHECK (basis IN ('','as_traded','adjusted')),
		ratio REAL NOT NULL DEFAULT 0 CHECK (ratio >= 0)
	);
	INSERT INTO transactions_v2 (rowid, id, portfolio_id, kind, date, ticker, quantity, price, fee, note, created_at)
		SELECT rowid, id, portfolio_id, kind, date, ticker, quantity, price, fee, note, created_at FROM transactions;
	DROP TABLE transactions;
	ALTER TABLE transactions_v2 RENAME TO transactions;
	CREATE INDEX transactions_portfolio ON transactions(portfolio_id, date);`,
	// Alert rules with their evaluation state (see server/alerts) and the
	// user's watchlist of tickers.
	`CREATE TABLE alert_rules (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		kind TEXT NOT NULL,
		ticker TEXT NOT NULL DEFAULT '',
		portfolio_id TEXT NOT NULL DEFAULT '',
		threshold REAL NOT NULL DEFAULT 0,
		country TEXT NOT NULL DEFAULT '',
		channels TEXT NOT NULL,
		cooldown_hours INTEGER NOT NULL DEFAULT 24,
		paused INTEGER NOT NULL DEFAULT 0,
		state TEXT NOT NULL DEFAULT 'armed' CHECK (state IN ('armed','fired')),
		fired_key TEXT NOT NULL DEFAULT '',
		last_value REAL,
		last_fired_at INTEGER NOT NULL DEFAULT 0,
		last_evaluated_at INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE watchlist (
		ticker TEXT PRIMARY KEY,
		added_at INTEGER NOT NULL
	);`,
	// 4: re-import keys and saved import settings (imports.go).
	importSchema,
	// 5: the purchase lots a sell names (specific identification), as
	// "lot:quantity" pairs joined by commas; empty for every other row.
	`ALTER TABLE transactions ADD COLUMN lots TEXT NOT NULL DEFAULT '';`,
	// 6: the probability (percent) and horizon of forecast_move rules.
	`ALTER TABLE alert_rules ADD COLUMN probability REAL NOT NULL DEFAULT 0;
	ALTER TABLE alert_rules ADD COLUMN horizon INTEGER NOT NULL DEFAULT 0;`,
	// 7: the user's own assets and their prices (assets.go).
	assetSchema,
	// 8: the as-traded trades, whose tickers every write asks for
	// (asTradedSQL); other rows are not in the index.
	asTradedIndex,
	// 9: audit entries committed with their change until their line is on
	// the disk (audit_pending.go).
	auditPendingSchema,
}

// asTradedIndex is the partial index asTradedSQL reads, on both backends.
// Its kind and basis columns make it covering: the query reads no table row.
const asTradedIndex = `CREATE INDEX transactions_as_traded ON transactions(portfolio_id, ticker, basis, kind)
	WHERE basis = 'as_traded' AND kind IN ('buy', 'sell', 'short', 'cover');`
