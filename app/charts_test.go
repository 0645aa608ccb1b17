//go:build !js

package ui

import (
	"reflect"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestRangeFrom(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{"1m": "2017-11-29", "3m": "2017-09-29", "ytd": "2017-01-01", "1y": "2016-12-29",
		"3y": "2014-12-29", "5y": "2012-12-29", "max": "", "bad": ""} {
		if got := rangeFrom(key, "2017-12-29"); got != want {
			t.Errorf("rangeFrom(%s) = %q, want %q", key, got, want)
		}
	}
	if rangeFrom("1y", "") != "" {
		t.Error("no end, no range")
	}
}

func TestFlowMarks(t *testing.T) {
	t.Parallel()
	dates := []string{"2020-01-02", "2020-01-10", "2020-01-20"}
	flows := []wire.FlowPoint{{Date: "2020-01-03", Amount: 100}, {Date: "2020-01-10", Amount: -30}, {Date: "2020-01-15", Amount: -50}, {Date: "2020-02-01", Amount: 9}}
	// 03 and 10 land on the point of the 10th (net +70), the 15th on the
	// 20th; the 1 February flow is after the last point.
	got := flowMarks(dates, flows, "USD", "deposits")
	want := []chartMark{{Index: 1, In: true, Label: "Deposit " + money(70, "USD")}, {Index: 2, In: false, Label: "Withdrawal " + money(50, "USD")}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("flowMarks = %+v, want %+v", got, want)
	}
	if got := flowMarks(dates, flows[:1], "USD", "trades"); got[0].Label != "Paid in (buys) "+money(100, "USD") {
		t.Fatalf("trades label %q", got[0].Label)
	}
}
