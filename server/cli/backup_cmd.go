//go:build !js

package cli

import (
	"context"
	"errors"
)

func backupCmd(ctx context.Context, env Env, args []string) error {
	return errors.New("backup: not wired yet")
}
