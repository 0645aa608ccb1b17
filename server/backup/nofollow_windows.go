//go:build windows

package backup

// noFollow is not available on Windows; ReadDir type checks still apply.
const noFollow = 0
