package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/assets"
	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// maxPricesBody caps PUT .../prices: 20,000 lines of CSV.
const maxPricesBody = 1 << 20

// registerAssets adds the custom asset routes; every asset is the signed-in
// user's (another user's id is a 404).
func (h *Handlers) registerAssets(mux *http.ServeMux) {
	mux.Handle("GET /api/assets", h.User(h.listAssets))
	mux.Handle("POST /api/assets", h.User(h.createAsset))
	mux.Handle("GET /api/assets/{id}", h.User(h.getAsset))
	mux.Handle("PUT /api/assets/{id}", h.User(h.updateAsset))
	mux.Handle("DELETE /api/assets/{id}", h.User(h.deleteAsset))
	mux.Handle("GET /api/assets/{id}/prices", h.User(h.assetPrices))
	mux.Handle("PUT /api/assets/{id}/prices", h.User(h.setAssetPrices))
}

func publicAsset(a model.Asset) wire.Asset {
	out := wire.Asset{ID: a.ID, Symbol: a.Symbol, Name: a.Name, Currency: a.Currency, Sector: a.Sector, Country: a.Country,
		Kind: a.Kind, Prices: a.Prices, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if a.Prices > 0 {
		out.First, out.Last = a.First.Format(time.DateOnly), a.Last.Format(time.DateOnly)
	}
	return out
}

// assetError maps the store's asset errors.
func assetError(err error) error {
	switch {
	case errors.Is(err, store.ErrAssetExists):
		return httpx.NewError(http.StatusConflict, "asset_exists", "You already have an asset with this symbol.")
	case errors.Is(err, store.ErrAssetInUse):
		return httpx.NewError(http.StatusConflict, "asset_in_use", "Transactions use this asset: delete them first.")
	case errors.Is(err, model.ErrLimit):
		return httpx.NewError(http.StatusConflict, "limit_reached", "You can define at most "+strconv.Itoa(validate.MaxAssets)+" assets.")
	}
	return err
}

func (h *Handlers) listAssets(w http.ResponseWriter, r *http.Request) error {
	all, err := h.Store.ListAssets(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	out := make([]wire.Asset, len(all))
	for i, a := range all {
		out[i] = publicAsset(a)
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// checkAsset validates an asset body; its field errors are a 400.
func checkAsset(in wire.AssetInput) (validate.AssetInput, error) {
	v, ferrs := validate.Asset(validate.AssetInput{Symbol: in.Symbol, Name: in.Name, Currency: in.Currency,
		Sector: in.Sector, Country: in.Country, Kind: in.Kind})
	if ferrs != nil {
		return v, &httpx.Error{Status: http.StatusBadRequest, Code: "invalid_asset", Message: ferrs.Error(), Fields: ferrs}
	}
	return v, nil
}

func (h *Handlers) createAsset(w http.ResponseWriter, r *http.Request) error {
	var in wire.AssetInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	v, err := checkAsset(in)
	if err != nil {
		return err
	}
	if err := h.symbolFree(r, v.Symbol); err != nil {
		return err
	}
	a, err := h.Store.CreateAsset(r.Context(), currentUser(r).ID, model.Asset{Symbol: v.Symbol, Name: v.Name, Currency: v.Currency,
		Sector: v.Sector, Country: v.Country, Kind: v.Kind}, h.now())
	if err != nil {
		return assetError(err)
	}
	h.Audit(r, audit.ActionAssetCreate, a.ID, map[string]string{"symbol": a.Symbol})
	httpx.JSON(w, r, http.StatusCreated, publicAsset(a))
	return nil
}

// symbolFree refuses a symbol the market data lists: a custom asset never
// takes over a listed ticker (409), and an unavailable provider is a 503.
func (h *Handlers) symbolFree(r *http.Request, symbol string) error {
	base := h.Market
	if p, ok := base.(*assets.Provider); ok {
		base = p.Base
	}
	_, err := base.Symbol(r.Context(), symbol)
	switch {
	case err == nil:
		return httpx.NewError(http.StatusConflict, "symbol_listed", symbol+" is a listed ticker in the market data: use it directly, or pick another symbol.")
	case errors.Is(err, market.ErrUnknownTicker):
		return nil
	}
	return err
}

// pathAsset returns the signed-in user's asset named by the path's id:
// a 400 for an invalid id, a 404 when the user has no such asset.
func (h *Handlers) pathAsset(r *http.Request) (model.Asset, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return model.Asset{}, err
	}
	return h.Store.GetAsset(r.Context(), currentUser(r).ID, id)
}

func (h *Handlers) getAsset(w http.ResponseWriter, r *http.Request) error {
	a, err := h.pathAsset(r)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, publicAsset(a))
	return nil
}

func (h *Handlers) updateAsset(w http.ResponseWriter, r *http.Request) error {
	a, err := h.pathAsset(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	var in wire.AssetInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if in.Symbol == "" {
		in.Symbol = a.Symbol
	}
	v, err := checkAsset(in)
	if err != nil {
		return err
	}
	if v.Symbol != a.Symbol {
		return httpx.NewError(http.StatusBadRequest, "symbol_fixed", "An asset's symbol cannot change (transactions use it): create a new asset instead.")
	}
	a.Name, a.Currency, a.Sector, a.Country, a.Kind = v.Name, v.Currency, v.Sector, v.Country, v.Kind
	if err := h.Store.UpdateAsset(r.Context(), u.ID, a, h.now()); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAssetUpdate, a.ID, nil)
	return h.getAsset(w, r)
}

func (h *Handlers) deleteAsset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteAsset(r.Context(), currentUser(r).ID, id); err != nil {
		return assetError(err)
	}
	h.Audit(r, audit.ActionAssetDelete, id, nil)
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) assetPrices(w http.ResponseWriter, r *http.Request) error {
	a, err := h.pathAsset(r)
	if err != nil {
		return err
	}
	prices, err := h.Store.AssetPrices(r.Context(), currentUser(r).ID, a.ID, time.Date(validate.MinYear, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(validate.MaxYear, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	out := wire.AssetPrices{Prices: make([]wire.AssetPrice, len(prices))}
	for i, p := range prices {
		out.Prices[i] = wire.AssetPrice{Date: p.Date.Format(time.DateOnly), Close: p.Close}
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) setAssetPrices(w http.ResponseWriter, r *http.Request) error {
	a, err := h.pathAsset(r)
	if err != nil {
		return err
	}
	if !isJSONBody(r) {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/json.")
	}
	body, err := httpx.ReadLimited(w, r, maxPricesBody)
	if err != nil {
		return err
	}
	var in wire.AssetPrices
	if err := httpx.DecodeBytes(body, &in); err != nil {
		return err
	}
	prices, err := assets.ParsePrices(in)
	var pe *assets.PricesError
	if errors.As(err, &pe) {
		return httpx.NewError(http.StatusBadRequest, "invalid_prices", pe.Msg)
	}
	if err != nil {
		return err
	}
	if err := h.Store.SetAssetPrices(r.Context(), currentUser(r).ID, a.ID, prices, h.now()); err != nil {
		return err
	}
	h.Audit(r, audit.ActionAssetPrices, a.ID, map[string]string{"prices": strconv.Itoa(len(prices))})
	return h.getAsset(w, r)
}

// assetExport returns the user's assets with their prices for the data
// export (nil when there are none).
func (h *Handlers) assetExport(r *http.Request, userID string) ([]wire.AssetExport, error) {
	all, err := h.Store.ListAssets(r.Context(), userID)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	out := make([]wire.AssetExport, 0, len(all))
	for _, a := range all {
		prices, err := h.Store.AssetPrices(r.Context(), userID, a.ID, time.Date(validate.MinYear, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(validate.MaxYear, 12, 31, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return nil, err
		}
		e := wire.AssetExport{Asset: publicAsset(a), Prices: make([]wire.AssetPrice, len(prices))}
		for i, p := range prices {
			e.Prices[i] = wire.AssetPrice{Date: p.Date.Format(time.DateOnly), Close: p.Close}
		}
		out = append(out, e)
	}
	return out, nil
}
