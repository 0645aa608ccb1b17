//go:build !js

package ui

import (
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestAlertFormOffersOnlyWorkingChannels: a channel the server has not set
// up cannot be ticked in the rule form (a rule could never send by it);
// before the server answered, every channel is offered.
func TestAlertFormOffersOnlyWorkingChannels(t *testing.T) {
	t.Parallel()
	push := &wire.ChannelStatus{Push: true}
	tests := []struct {
		name     string
		chans    *wire.ChannelStatus
		ch       string
		disabled bool
	}{
		{"not loaded yet", nil, wire.ChannelTelegram, false},
		{"telegram not set up", push, wire.ChannelTelegram, true},
		{"e-mail not set up", push, wire.ChannelEmail, true},
		{"push set up", push, wire.ChannelPush, false},
		{"telegram set up", &wire.ChannelStatus{Telegram: true}, wire.ChannelTelegram, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newAlertsPage()
			p.chans = tt.chans
			p.form.channels[tt.ch] = true
			html := app.HTMLString(p.channelBox(tt.ch, "Channel"))
			// go-app writes a false boolean attribute as ="false" and
			// drops it in the browser.
			if got := strings.Contains(html, "disabled") && !strings.Contains(html, `disabled="false"`); got != tt.disabled {
				t.Errorf("disabled %v, want %v: %s", got, tt.disabled, html)
			}
			if got := strings.Contains(html, "not set up on this server"); got != tt.disabled {
				t.Errorf("says not set up %v, want %v: %s", got, tt.disabled, html)
			}
		})
	}
}

// TestChannelNames: rules and test results name channels for people, not
// by their wire names.
func TestChannelNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		chs  []string
		want string
	}{
		{nil, ""},
		{[]string{wire.ChannelInApp}, "Inbox"},
		{[]string{wire.ChannelInApp, wire.ChannelTelegram}, "Inbox, Telegram"},
		{[]string{wire.ChannelEmail, wire.ChannelPush}, "E-mail, Push"},
		{[]string{"pager"}, "pager"},
	}
	for _, tt := range tests {
		if got := channelNames(tt.chs); got != tt.want {
			t.Errorf("channelNames(%q) = %q, want %q", tt.chs, got, tt.want)
		}
	}
}

// TestTestSummary: the result of a test message names the skipped
// channels as the rules table does, not by their wire names.
func TestTestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  wire.AlertTest
		want string
	}{
		{"all sent", wire.AlertTest{Sent: []string{wire.ChannelInApp, wire.ChannelTelegram}},
			"Test message sent to: Inbox, Telegram."},
		{"some skipped", wire.AlertTest{Sent: []string{wire.ChannelInApp},
			Skipped: map[string]string{wire.ChannelPush: "no browser subscribed", wire.ChannelTelegram: "not linked", wire.ChannelEmail: "no address"}},
			"Test message sent to: Inbox. E-mail: no address. Telegram: not linked. Push: no browser subscribed."},
		{"none sent", wire.AlertTest{Skipped: map[string]string{wire.ChannelInApp: "failed", wire.ChannelTelegram: "send limit reached"}},
			"No test message was sent. Inbox: failed. Telegram: send limit reached."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := testSummary(tt.out); got != tt.want {
				t.Errorf("testSummary = %q, want %q", got, tt.want)
			}
		})
	}
}
