package ratelimit

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func mustTrusted(t testing.TB, cidrs ...string) []netip.Prefix {
	t.Helper()
	p, err := ParseTrusted(cidrs)
	if err != nil {
		t.Fatalf("ParseTrusted: %v", err)
	}
	return p
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	trusted := mustTrusted(t, "127.0.0.1/32", "10.0.0.0/8", "::1/128")
	manyTrusted := strings.Repeat("10.0.0.1, ", 20) + "10.0.0.2"
	tests := []struct {
		name   string
		remote string
		xff    []string
		want   string
	}{
		{"no header", "198.51.100.7:5555", nil, "198.51.100.7"},
		{"spoof from untrusted peer ignored", "198.51.100.7:5555", []string{"203.0.113.1"}, "198.51.100.7"},
		{"trusted peer single entry", "127.0.0.1:5555", []string{"203.0.113.1"}, "203.0.113.1"},
		{"right-most untrusted wins over forged left", "127.0.0.1:5555", []string{"1.2.3.4, 203.0.113.1"}, "203.0.113.1"},
		{"skips trusted hops", "127.0.0.1:1", []string{"1.2.3.4, 203.0.113.1, 10.1.2.3"}, "203.0.113.1"},
		{"several header lines form one list", "127.0.0.1:1", []string{"1.2.3.4", "203.0.113.1"}, "203.0.113.1"},
		{"all trusted gives left-most", "127.0.0.1:1", []string{"10.0.0.9, 10.0.0.8"}, "10.0.0.9"},
		{"garbage falls back to peer", "127.0.0.1:1", []string{"not-an-ip"}, "127.0.0.1"},
		{"garbage right-most falls back", "127.0.0.1:1", []string{"203.0.113.1, bogus"}, "127.0.0.1"},
		{"empty element falls back", "127.0.0.1:1", []string{"203.0.113.1,"}, "127.0.0.1"},
		{"empty header falls back", "127.0.0.1:1", []string{""}, "127.0.0.1"},
		{"garbage left of client is irrelevant", "127.0.0.1:1", []string{"bogus, 203.0.113.1"}, "203.0.113.1"},
		{"entry with port", "127.0.0.1:1", []string{"203.0.113.1:4444"}, "203.0.113.1"},
		{"bracketed IPv6 entry", "127.0.0.1:1", []string{"[2001:db8::1]"}, "2001:db8::1"},
		{"IPv6 trusted peer", "[::1]:1", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped peer normalised", "[::ffff:198.51.100.7]:1", nil, "198.51.100.7"},
		{"IPv4-mapped trusted peer", "[::ffff:127.0.0.1]:1", []string{"203.0.113.1"}, "203.0.113.1"},
		{"zone dropped", "[fe80::1%eth0]:1", nil, "fe80::1"},
		{"too many hops falls back", "127.0.0.1:1", []string{manyTrusted}, "127.0.0.1"},
		{"remote without port", "198.51.100.7", nil, "198.51.100.7"},
		{"unparsable remote", "@", nil, "invalid IP"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientIP(r, trusted).String(); got != tc.want {
				t.Errorf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseTrusted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      []string
		want    []string
		wantErr bool
	}{
		{"cidrs", []string{"127.0.0.1/32", "10.1.2.3/8"}, []string{"127.0.0.1/32", "10.0.0.0/8"}, false},
		{"bare addresses", []string{"127.0.0.1", "::1"}, []string{"127.0.0.1/32", "::1/128"}, false},
		{"blank skipped", []string{" ", ""}, []string{}, false},
		{"mapped prefix unmapped", []string{"::ffff:10.0.0.0/104"}, []string{"10.0.0.0/8"}, false},
		{"mapped prefix too short", []string{"::ffff:0.0.0.0/90"}, nil, true},
		{"garbage", []string{"example.com"}, nil, true},
		{"bad bits", []string{"10.0.0.0/33"}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseTrusted(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].String() != tc.want[i] {
					t.Errorf("got[%d] = %s, want %s", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestLimitKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, a, b string
		same       bool
	}{
		{"IPv4 distinct", "192.0.2.1", "192.0.2.2", false},
		{"IPv6 same /64", "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true},
		{"IPv6 other /64", "2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"mapped equals IPv4", "::ffff:192.0.2.1", "192.0.2.1", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := LimitKey(netip.MustParseAddr(tc.a))
			b := LimitKey(netip.MustParseAddr(tc.b))
			if (a == b) != tc.same {
				t.Errorf("LimitKey(%s)=%s, LimitKey(%s)=%s, want same=%v", tc.a, a, tc.b, b, tc.same)
			}
		})
	}
}

func FuzzClientIP(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("127.0.0.1:1", "203.0.113.1")
	f.Add("127.0.0.1:1", "1.2.3.4, 203.0.113.1, 10.0.0.1")
	f.Add("[::1]:80", "[2001:db8::1]:443,::ffff:1.2.3.4")
	f.Add("10.0.0.1:1", ",,,")
	f.Add("198.51.100.7:9", "203.0.113.1")
	f.Add("@", "")
	f.Add("127.0.0.1:1", "fe80::1%eth0, 10.0.0.2")
	trusted := mustTrusted(f, "127.0.0.0/8", "10.0.0.0/8", "::1/128")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := ClientIP(r, trusted)
		peer := parseHost(remote)
		if !isTrusted(peer, trusted) && got != peer {
			t.Fatalf("untrusted peer %v: got %v, header must be ignored", peer, got)
		}
		if got.Is4In6() || got.Zone() != "" {
			t.Fatalf("result %v not normalised", got)
		}
		if got != peer && !inHeader(got, xff) {
			t.Fatalf("result %v neither peer nor from header %q", got, xff)
		}
		if got != peer {
			seen.Reached() // a trusted proxy's header was believed
		}
	})
}

// inHeader reports whether ip is one of the entries of an X-Forwarded-For.
func inHeader(ip netip.Addr, xff string) bool {
	for item := range strings.SplitSeq(xff, ",") {
		if parseHost(strings.TrimSpace(item)) == ip {
			return true
		}
	}
	return false
}

func FuzzParseTrusted(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("127.0.0.1/32")
	f.Add("::ffff:10.0.0.0/104")
	f.Add("10.1.2.3")
	f.Add("fe80::1%eth0/64")
	f.Add("1.2.3.4/-1")
	f.Fuzz(func(t *testing.T, cidr string) {
		got, err := ParseTrusted([]string{cidr})
		if err != nil {
			return
		}
		seen.Reached()
		for _, p := range got {
			if !p.IsValid() || p != p.Masked() || p.Addr().Is4In6() {
				t.Fatalf("ParseTrusted(%q) = %v: not a valid masked, unmapped prefix", cidr, p)
			}
		}
	})
}
