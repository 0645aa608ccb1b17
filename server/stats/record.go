package stats

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// SaltSize is the size of the daily salt in bytes.
const SaltSize = 32

// maxScreenWidth is the widest screen accepted, in CSS pixels.
const maxScreenWidth = 20000

// Errors Record returns for bad input (answered with 400).
var (
	ErrUnknownPath = errors.New("stats: unknown page")
	ErrBadReferrer = errors.New("stats: bad referrer")
	ErrBadScreen   = errors.New("stats: bad screen width")
)

// Hit is a page view as the handler sees it. IP, UserAgent and Host only
// feed the daily visitor hash and the family parsers; none is kept.
type Hit struct {
	wire.PageView
	IP        netip.Addr
	UserAgent string
	// Host is the server's own host name (the request's Host).
	Host string
}

// Record counts one page view. It refuses unknown paths and malformed
// referrers; views from bots are dropped silently.
func (s *Service) Record(ctx context.Context, h Hit) error {
	if !wire.IsPageTemplate(h.Path) {
		return ErrUnknownPath
	}
	if h.ScreenWidth < 0 || h.ScreenWidth > maxScreenWidth {
		return ErrBadScreen
	}
	ref, ok := ReferrerHost(h.Referrer)
	if !ok {
		return ErrBadReferrer
	}
	if isBot(h.UserAgent) {
		return nil
	}
	host := stripPort(strings.ToLower(h.Host))
	if ref == host {
		ref = ""
	}
	hit, err := s.count(h, host, ref)
	if err != nil {
		return err
	}
	if err := s.cfg.Store.AddStatsHit(ctx, hit); err != nil {
		return fmt.Errorf("stats: record: %w", err)
	}
	return nil
}

// count turns a hit into aggregates under the lock: it rotates the day
// when needed, hashes the visitor and updates today's seen set.
func (s *Service) count(h Hit, host, ref string) (model.StatsHit, error) {
	now := s.cfg.Now().UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rotate(now)
	if s.salt == nil {
		salt := make([]byte, SaltSize)
		if _, err := io.ReadFull(s.cfg.Rand, salt); err != nil {
			return model.StatsHit{}, fmt.Errorf("stats: salt: %w", err)
		}
		s.salt, s.saltAt = salt, now
	}
	visitor := s.hash(h.IP, h.UserAgent, host)
	out := model.StatsHit{Day: s.day, Path: h.Path, Dims: map[string]string{}}
	paths, known := s.seen[visitor]
	out.NewVisitor = !known
	out.NewPageVisitor = !paths[h.Path]
	s.remember(visitor, paths, known, h.Path)
	if out.NewVisitor {
		ua := ParseUserAgent(h.UserAgent)
		s.addDim(out.Dims, model.StatsBrowser, ua.Browser)
		s.addDim(out.Dims, model.StatsOS, ua.OS)
		s.addDim(out.Dims, model.StatsDevice, ua.Device)
		s.addDim(out.Dims, model.StatsScreen, ScreenBucket(h.ScreenWidth))
	}
	if ref != "" {
		s.addDim(out.Dims, model.StatsReferrer, ref)
	}
	return out, nil
}

// remember notes that visitor viewed path today. When the set is full a
// new visitor is counted but not remembered (they may count again).
func (s *Service) remember(visitor [32]byte, paths map[string]bool, known bool, path string) {
	if !known {
		if len(s.seen) >= s.cfg.MaxVisitors {
			return
		}
		paths = map[string]bool{}
		s.seen[visitor] = paths
	}
	paths[path] = true
}

// addDim counts value for dim, as "Other" once the day already has
// MaxValues distinct values for dim.
func (s *Service) addDim(dims map[string]string, dim, value string) {
	set := s.values[dim]
	if set == nil {
		set = map[string]bool{}
		s.values[dim] = set
	}
	if !set[value] && len(set) >= s.cfg.MaxValues {
		value = "Other"
	}
	set[value] = true
	dims[dim] = value
}

// hash is SHA-256(salt || IP || User-Agent || host), each part
// NUL-terminated so parts cannot run into one another.
func (s *Service) hash(ip netip.Addr, ua, host string) [32]byte {
	d := sha256.New()
	d.Write(s.salt)
	for _, part := range []string{ip.Unmap().String(), ua, host} {
		d.Write([]byte(part))
		d.Write([]byte{0})
	}
	var out [32]byte
	d.Sum(out[:0])
	return out
}

// rotate starts a new day when now is past the current one: the salt and
// the visitor and value sets of the old day are dropped.
func (s *Service) rotate(now time.Time) {
	day := now.Format(time.DateOnly)
	if day == s.day {
		return
	}
	s.forget()
	s.day = day
	s.seen = map[[32]byte]map[string]bool{}
	s.values = map[string]map[string]bool{}
}

// forget overwrites and drops the salt and the visitor set.
func (s *Service) forget() {
	for i := range s.salt {
		s.salt[i] = 0
	}
	s.salt, s.saltAt = nil, time.Time{}
	s.seen, s.values = nil, nil
}

// ReferrerHost reduces a referrer to its lower-case host name (a full URL
// is accepted and cut to its host). "" stays "". It refuses anything that
// is not a plausible host name.
func ReferrerHost(ref string) (string, bool) {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if ref == "" {
		return "", true
	}
	if len(ref) > 2048 {
		return "", false
	}
	if i := strings.Index(ref, "://"); i >= 0 {
		ref = ref[i+3:]
	}
	if i := strings.IndexAny(ref, "/?#"); i >= 0 {
		ref = ref[:i]
	}
	if i := strings.LastIndexByte(ref, '@'); i >= 0 {
		ref = ref[i+1:]
	}
	ref = stripPort(ref)
	if ref == "" || len(ref) > 253 || strings.Trim(ref, "abcdefghijklmnopqrstuvwxyz0123456789.-[]:") != "" {
		return "", false
	}
	return ref, true
}

func stripPort(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return strings.Trim(h, "[]")
	}
	return host
}

// ScreenBucket names the size class of a screen width in CSS pixels.
func ScreenBucket(width int) string {
	switch {
	case width <= 0:
		return "Unknown"
	case width < 576:
		return "< 576 px"
	case width < 768:
		return "576-767 px"
	case width < 992:
		return "768-991 px"
	case width < 1200:
		return "992-1199 px"
	case width < 1600:
		return "1200-1599 px"
	}
	return ">= 1600 px"
}
