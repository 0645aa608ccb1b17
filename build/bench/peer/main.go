// Command peer is PocketBase built from its Go module, with the two
// collections the side-by-side benchmark uses (portfolios and
// transactions, each readable and writable only by its owner), created
// on first start.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

func main() {
	app := pocketbase.New()
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := ensureCollections(e.App); err != nil {
			return err
		}
		return e.Next()
	})
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// ownerOnly is the access rule of both collections.
const ownerOnly = `@request.auth.id != "" && owner = @request.auth.id`

func ensureCollections(app core.App) error {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return err
	}
	if err := ensure(app, "portfolios", users.Id, &core.TextField{Name: "name", Required: true, Max: 200},
		&core.TextField{Name: "note", Max: 2000}, &core.TextField{Name: "currency", Max: 3}); err != nil {
		return err
	}
	return ensure(app, "transactions", users.Id, &core.TextField{Name: "portfolio", Required: true, Max: 64},
		&core.TextField{Name: "date", Required: true, Max: 10}, &core.TextField{Name: "kind", Required: true, Max: 16},
		&core.TextField{Name: "ticker", Required: true, Max: 16}, &core.NumberField{Name: "quantity", Required: true},
		&core.NumberField{Name: "price"}, &core.NumberField{Name: "fee"}, &core.TextField{Name: "note", Max: 2000})
}

func ensure(app core.App, name, usersID string, fields ...core.Field) error {
	if _, err := app.FindCollectionByNameOrId(name); err == nil {
		return nil
	}
	c := core.NewBaseCollection(name)
	c.Fields.Add(&core.RelationField{Name: "owner", CollectionId: usersID, MaxSelect: 1, Required: true})
	c.Fields.Add(fields...)
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true}, &core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true})
	c.AddIndex("idx_"+name+"_owner", false, "owner", "")
	c.ListRule, c.ViewRule = types.Pointer(ownerOnly), types.Pointer(ownerOnly)
	c.CreateRule, c.UpdateRule, c.DeleteRule = types.Pointer(ownerOnly), types.Pointer(ownerOnly), types.Pointer(ownerOnly)
	return app.Save(c)
}
