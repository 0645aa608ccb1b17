package ui

import (
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// retrainPoll is how often the Models tab asks about a running retrain.
const retrainPoll = 700 * time.Millisecond

// adminModels lists the trained model versions with their walk-forward
// metrics and retrains on demand, showing the job's progress.
type adminModels struct {
	compo
	data        wire.ModelStatus
	loaded      bool
	job         string
	progress    float64
	err, notice string
	ui          app.Context // the component's own context (see call.go)
}

func newAdminModels() *adminModels { return &adminModels{} }

func (c *adminModels) OnMount(ctx app.Context) { c.ui = ctx; c.load() }

func (c *adminModels) load() {
	var out wire.ModelStatus
	call(c.ui, "GET", wire.RouteAdminModels, none{}, &out, func(ctx app.Context, err error) {
		if err != nil {
			c.err = err.Error()
			return
		}
		c.data, c.loaded = out, true
	})
}

func (c *adminModels) retrain(ctx app.Context, e app.Event) {
	c.err, c.notice, c.progress = "", "", 0
	var acc wire.JobAccepted
	call(c.ui, "POST", wire.RouteAdminRetrain, none{}, &acc, func(ctx app.Context, err error) {
		if err != nil {
			c.err = err.Error()
			return
		}
		c.job = acc.JobID
		c.poll()
	})
}

// poll follows the retrain job until it ends, then reloads the list.
func (c *adminModels) poll() {
	id := c.job
	var j wire.Job[wire.ModelVersion]
	call(c.ui, "GET", wire.Path(wire.RouteJob, id), none{}, &j, func(ctx app.Context, err error) {
		if id != c.job {
			return
		}
		switch {
		case err != nil:
			c.job, c.err = "", err.Error()
		case j.Status == "done" && j.Result != nil:
			c.job, c.notice = "", "Version "+itoa(j.Result.Version)+" is trained and now serves predictions."
			c.load()
		case j.Status == "failed" || j.Status == "timeout":
			c.job, c.err = "", j.Error
		default:
			c.progress = j.Progress
			ctx.After(retrainPoll, func(app.Context) { c.poll() })
		}
	})
}

func (c *adminModels) Render() app.UI {
	busy := c.job != "" || c.data.Training
	return elDiv().ID("admin-models").Body(
		parac("muted", "Models are trained walk-forward on the market data and stored in DATA/models (owner-only). "+
			"Every version's out-of-sample metrics are shown next to the naive baseline."),
		stateButton("btn btn-primary", "models-retrain", busy, map[bool]string{true: "Training…", false: "Retrain now"}[busy], c.retrain),
		when(c.job != "", func() app.UI {
			return elDiv().Body(el("progress").Class("progress").ID("models-progress").Attr("max", 1).Attr("value", c.progress),
				spanc("muted", " "+fmtPct(c.progress)))
		}),
		notice("error", "models-error", c.err),
		notice("ok", "models-ok", c.notice),
		when(c.loaded && len(c.data.Versions) == 0, func() app.UI {
			return paraID("empty", "models-none", "No model trained yet: the first prediction request or Retrain starts one.")
		}),
		app.Range(c.data.Versions).Slice(func(i int) app.UI { return modelVersionCard(c.data.Versions[i]) }),
	)
}

// modelVersionCard shows one version's metrics per horizon.
func modelVersionCard(v wire.ModelVersion) app.UI {
	title := "Version " + itoa(v.Version)
	if v.Current {
		title += " (serving)"
	}
	return divcID("card", "model-v"+itoa(v.Version),
		h3(title),
		parac("muted", "Trained "+v.CreatedAt.UTC().Format("2006-01-02 15:04")+" UTC in "+fmtNum(v.Seconds, 1)+
			" s on "+itoa(v.Tickers)+" tickers up to "+v.DataTo+"."),
		app.Range(v.Evaluations).Slice(func(i int) app.UI {
			h := v.Evaluations[i]
			return elDiv().Body(
				el("h4").Text("Horizon "+itoa(h.Horizon)+" days · "+itoa(h.Retrains)+" retrains"),
				evaluationTable("model-v"+itoa(v.Version)+"-h"+itoa(h.Horizon), h.Eval),
			)
		}),
	)
}
