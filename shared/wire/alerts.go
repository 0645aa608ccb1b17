package wire

import "time"

// Alert rule kinds (AlertRule.Kind).
const (
	AlertPriceAbove = "price_above" // a ticker's close at or above Threshold (a price)
	AlertPriceBelow = "price_below" // a ticker's close at or below Threshold (a price)
	AlertDailyMove  = "daily_move"  // a ticker's daily return beyond +/- Threshold percent
	AlertDrawdown   = "drawdown"    // a portfolio's current drawdown beyond Threshold percent
	AlertVaR        = "var"         // a portfolio's 1-day VaR 95% above Threshold percent of value
	AlertWeight     = "weight"      // one holding's weight above Threshold percent
	AlertWashSale   = "wash_sale"   // the wash-sale window of a harvested loss ends
	AlertSurge      = "surge"       // a holding, a watched ticker or one ticker surges
	// AlertForecast: the forecast model that beats the naive baseline for
	// a ticker predicts a move beyond Threshold percent over Horizon
	// trading days with probability above Probability percent.
	AlertForecast = "forecast_move"
)

// AlertKinds lists every rule kind, in the order the UI offers them.
var AlertKinds = []string{AlertPriceAbove, AlertPriceBelow, AlertDailyMove, AlertDrawdown, AlertVaR, AlertWeight, AlertWashSale, AlertSurge, AlertForecast}

// Alert channels (AlertRule.Channels). The in-app inbox always receives
// every alert; the others are chosen per rule.
const (
	ChannelInApp    = "inapp"
	ChannelEmail    = "email"
	ChannelTelegram = "telegram"
	ChannelPush     = "push"
)

// AlertChannels lists every channel.
var AlertChannels = []string{ChannelInApp, ChannelEmail, ChannelTelegram, ChannelPush}

// Alert rule states: armed waits for its condition; fired has notified
// and stays quiet until the condition clears.
const (
	AlertArmed = "armed"
	AlertFired = "fired"
)

// AlertRuleInput is the body of POST /api/alerts and PUT /api/alerts/{id}.
// Ticker is used by the price, move and surge kinds, PortfolioID by the
// portfolio kinds (and surge, for its holdings), Country by wash_sale.
type AlertRuleInput struct {
	Name        string  `json:"name"`
	Kind        string  `json:"kind"`
	Ticker      string  `json:"ticker,omitempty"`
	PortfolioID string  `json:"portfolio_id,omitempty"`
	Threshold   float64 `json:"threshold"`
	Country     string  `json:"country,omitempty"`
	// Probability (percent) and Horizon (trading days: 1, 5 or 21) are
	// used by forecast_move only.
	Probability   float64  `json:"probability,omitempty"`
	Horizon       int      `json:"horizon,omitempty"`
	Channels      []string `json:"channels"`
	CooldownHours int      `json:"cooldown_hours"`
	Paused        bool     `json:"paused"`
}

// AlertRule is a saved rule with its evaluation state.
type AlertRule struct {
	AlertRuleInput
	ID    string `json:"id"`
	State string `json:"state"`
	// LastValue is the value seen at the last evaluation (nil before).
	LastValue *float64 `json:"last_value,omitempty"`
	// LastFiredAt is the data date of the last notification.
	LastFiredAt     *time.Time `json:"last_fired_at,omitempty"`
	LastEvaluatedAt *time.Time `json:"last_evaluated_at,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// AlertTest answers POST /api/alerts/{id}/test: the channels the test
// message went to and those that failed or were skipped, with reasons.
type AlertTest struct {
	Sent    []string          `json:"sent"`
	Skipped map[string]string `json:"skipped,omitempty"`
}

// InboxItem is one entry of the in-app inbox (GET /api/me/notifications).
type InboxItem struct {
	Notification
	Link string `json:"link,omitempty"`
	Read bool   `json:"read"`
}

// Inbox answers GET /api/me/notifications: the newest entries first.
type Inbox struct {
	Items  []InboxItem `json:"items"`
	Unread int         `json:"unread"`
}

// Surge is one ticker whose day was unusual for it.
type Surge struct {
	Ticker  string  `json:"ticker"`
	Return  float64 `json:"return"`
	ReturnZ float64 `json:"return_z"`
	Volume  int64   `json:"volume"`
	// VolumeZ is nil when the ticker has no volume data.
	VolumeZ *float64 `json:"volume_z,omitempty"`
	// Reasons names what was unusual: "return", "volume" or both.
	Reasons []string `json:"reasons"`
}

// SurgeReport answers GET /api/market/surges?date=YYYY-MM-DD.
type SurgeReport struct {
	Date        string  `json:"date"`
	Window      int     `json:"window"`
	ReturnZ     float64 `json:"return_z_threshold"`
	VolumeZ     float64 `json:"volume_z_threshold"`
	Surges      []Surge `json:"surges"`
	TickersSeen int     `json:"tickers_seen"`
}

// Watchlist is the user's watched tickers (GET/PUT /api/me/watchlist).
type Watchlist struct {
	Tickers []string `json:"tickers"`
}

// ChannelStatus answers GET /api/me/channels: what each channel can do
// for the user. No secret (bot token, VAPID private key) is ever in it.
type ChannelStatus struct {
	Email           bool   `json:"email"`
	EmailAddress    bool   `json:"email_address"`
	Telegram        bool   `json:"telegram"`
	TelegramLinked  bool   `json:"telegram_linked"`
	TelegramBot     string `json:"telegram_bot,omitempty"`
	Push            bool   `json:"push"`
	PushPublicKey   string `json:"push_public_key,omitempty"`
	PushDevices     int    `json:"push_devices"`
	DataDate        string `json:"data_date,omitempty"`
	TelegramLinkTTL int    `json:"telegram_link_ttl_seconds,omitempty"`
}

// TelegramLink answers POST /api/me/telegram/link: open URL (or send
// "/start Code" to the bot) before ExpiresAt.
type TelegramLink struct {
	URL       string    `json:"url"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PushSubscription is the body of POST /api/me/push (the browser's
// PushSubscription.toJSON()).
type PushSubscription struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		Auth   string `json:"auth"`
		P256dh string `json:"p256dh"`
	} `json:"keys"`
}
