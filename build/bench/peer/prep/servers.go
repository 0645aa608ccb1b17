package main

import "fmt"

// fortfolio prepares a Fortfolio server.
type fortfolio struct{ base string }

func (f *fortfolio) name() string { return "fortfolio" }

func (f *fortfolio) signUp(i int) (account, error) {
	user, pass := fmt.Sprintf("bench%d", i), password()
	hdr := map[string]string{"X-Forwarded-For": forwardedFor(i)}
	creds := map[string]string{"username": user, "password": pass}
	if err := call("POST", f.base+"/api/auth/register", hdr, creds, nil); err != nil {
		return account{}, err
	}
	var res struct {
		Token string `json:"token"`
		User  struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := call("POST", f.base+"/api/auth/login", hdr, creds, &res); err != nil {
		return account{}, err
	}
	return account{token: res.Token, id: res.User.ID}, nil
}

// refresh trades the account's token for a fresh one (POST
// /api/auth/refresh: no password hash).
func (f *fortfolio) refresh(a account) (account, error) {
	var tok struct {
		Token string `json:"token"`
	}
	if err := call("POST", f.base+"/api/auth/refresh", map[string]string{"x-token": a.token}, struct{}{}, &tok); err != nil {
		return account{}, err
	}
	a.token = tok.Token
	return a, nil
}

func (f *fortfolio) createPortfolio(a account, name string) (string, error) {
	var p struct {
		ID string `json:"id"`
	}
	err := call("POST", f.base+"/api/portfolios", map[string]string{"x-token": a.token}, map[string]string{"name": name}, &p)
	return p.ID, err
}

func (f *fortfolio) listPath() string { return "/api/portfolios" }

func (f *fortfolio) writeLine(a account, portfolio string) (string, string) {
	return "/api/portfolios/" + portfolio + "/transactions",
		`{"date":"2015-06-01","kind":"buy","ticker":"AAPL","quantity":1,"price":127.5,"fee":1}`
}

// pocketbase prepares the PocketBase peer.
type pocketbase struct{ base string }

func (p *pocketbase) name() string { return "pocketbase" }

func (p *pocketbase) signUp(i int) (account, error) {
	email, pass := fmt.Sprintf("bench%d@example.com", i), password()
	in := map[string]string{"email": email, "password": pass, "passwordConfirm": pass}
	if err := call("POST", p.base+"/api/collections/users/records", nil, in, nil); err != nil {
		return account{}, err
	}
	var res struct {
		Token  string `json:"token"`
		Record struct {
			ID string `json:"id"`
		} `json:"record"`
	}
	auth := map[string]string{"identity": email, "password": pass}
	if err := call("POST", p.base+"/api/collections/users/auth-with-password", nil, auth, &res); err != nil {
		return account{}, err
	}
	return account{token: res.Token, id: res.Record.ID}, nil
}

// refresh keeps the token: PocketBase's auth tokens live for days.
func (p *pocketbase) refresh(a account) (account, error) { return a, nil }

func (p *pocketbase) createPortfolio(a account, name string) (string, error) {
	var rec struct {
		ID string `json:"id"`
	}
	in := map[string]string{"owner": a.id, "name": name, "currency": "USD"}
	err := call("POST", p.base+"/api/collections/portfolios/records", map[string]string{"Authorization": a.token}, in, &rec)
	return rec.ID, err
}

func (p *pocketbase) listPath() string { return "/api/collections/portfolios/records" }

func (p *pocketbase) writeLine(a account, portfolio string) (string, string) {
	return "/api/collections/transactions/records", fmt.Sprintf(
		`{"owner":%q,"portfolio":%q,"date":"2015-06-01","kind":"buy","ticker":"AAPL","quantity":1,"price":127.5,"fee":1}`, a.id, portfolio)
}
