package platform

import (
	"os"
	"testing"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
