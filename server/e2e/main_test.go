package e2e

import (
	"os"
	"testing"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestMain stops the PostgreSQL server of the tests that use one.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
