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
}
