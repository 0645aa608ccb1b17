// Package importer reads other tools' transaction files: any CSV through a
// column mapping, and the exports of a few brokers and portfolio tools
// through presets. It decodes the bytes (UTF-8 with or without a byte-order
// mark, UTF-16 with one, Windows-1252 when the bytes can only be that),
// sniffs the CSV settings (delimiter, decimal comma, date format, header
// row), enforces the size, row, column and cell caps, refuses formula
// cells, and turns each line into a Tx or a line error. It writes nothing
// and knows nothing of the market data: the ledger checks the rows and the
// store keeps them.
package importer
