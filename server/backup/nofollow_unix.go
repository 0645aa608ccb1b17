//go:build !windows

package backup

import "syscall"

// noFollow makes open fail on a symlink.
const noFollow = syscall.O_NOFOLLOW
