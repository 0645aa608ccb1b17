package ratelimit

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// maxForwardedHops bounds how many X-Forwarded-For entries ClientIP examines
// from the right; a longer chain of trusted proxies is treated as malformed.
const maxForwardedHops = 16

// ParseTrusted parses CIDR prefixes (e.g. "127.0.0.1/32", "10.0.0.0/8",
// "::1/128") for ClientIP. A bare address is accepted as a single-host
// prefix. Prefixes are masked; blank entries are skipped.
func ParseTrusted(cidrs []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(cidrs))
	for _, c := range cidrs {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		p, err := parsePrefix(c)
		if err != nil {
			return nil, fmt.Errorf("ratelimit: trusted proxy %q: %w", c, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// parsePrefix parses a CIDR or a bare address into a masked prefix.
func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = a.Unmap().WithZone("")
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if p.Addr().Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, fmt.Errorf("IPv4-mapped prefix shorter than /96")
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), bits)
	}
	return p.Masked(), nil
}

// ClientIP returns the address of the client that sent r.
//
// It is the TCP peer from r.RemoteAddr unless that peer lies inside one of the
// trusted prefixes (a reverse proxy). Only then is X-Forwarded-For read, from
// the right, and the right-most address that is not itself trusted is the
// client: entries to its left were written by the client and can be forged.
// When every entry is trusted the left-most one is returned. A malformed or
// overlong header falls back to the peer. The result is unmapped (IPv4-mapped
// IPv6 becomes IPv4) and has no zone; it is the zero Addr only when
// r.RemoteAddr itself cannot be parsed (e.g. a Unix socket).
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := parseHost(r.RemoteAddr)
	if !peer.IsValid() || !isTrusted(peer, trusted) {
		return peer
	}
	values := r.Header.Values("X-Forwarded-For")
	if len(values) == 0 {
		return peer
	}
	if ip, ok := fromForwarded(values, trusted); ok {
		return ip
	}
	return peer
}

// fromForwarded walks the X-Forwarded-For entries (several header lines act
// as one comma-separated list) from the right.
func fromForwarded(values []string, trusted []netip.Prefix) (netip.Addr, bool) {
	var last netip.Addr
	hops := 0
	for i := len(values) - 1; i >= 0; i-- {
		rest := values[i]
		for done := false; !done; {
			var item string
			rest, item, done = cutLast(rest)
			if hops++; hops > maxForwardedHops {
				return netip.Addr{}, false
			}
			ip := parseHost(strings.TrimSpace(item))
			if !ip.IsValid() {
				return netip.Addr{}, false
			}
			if !isTrusted(ip, trusted) {
				return ip, true
			}
			last = ip
		}
	}
	return last, last.IsValid()
}

// cutLast splits s at its last comma into what precedes it and the final
// element; done reports that s held no comma.
func cutLast(s string) (rest, item string, done bool) {
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return "", s, true
	}
	return s[:i], s[i+1:], false
}

// parseHost parses "addr", "addr:port" or "[addr]:port" into a normalised
// address, or the zero Addr when s is none of those. The form is picked by
// shape first so the common cases parse without a failed attempt.
func parseHost(s string) netip.Addr {
	if s == "" || len(s) > 64 {
		return netip.Addr{}
	}
	if s[0] == '[' || strings.Count(s, ":") == 1 {
		if ap, err := netip.ParseAddrPort(s); err == nil {
			return normalise(ap.Addr())
		}
		if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
			s = s[1 : len(s)-1]
		}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return normalise(a)
}

// normalise unmaps IPv4-mapped IPv6 addresses and drops zones.
func normalise(a netip.Addr) netip.Addr {
	return a.Unmap().WithZone("")
}

// isTrusted reports whether ip lies in one of the prefixes.
func isTrusted(ip netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// LimitKey returns the address that identifies ip for rate limiting: an IPv4
// address as is, an IPv6 address masked to its /64 network.
func LimitKey(ip netip.Addr) netip.Addr {
	ip = normalise(ip)
	if !ip.Is6() {
		return ip
	}
	return netip.PrefixFrom(ip, 64).Masked().Addr()
}
