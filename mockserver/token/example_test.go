package token_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/graphmock/graphmock/mockserver"
	"github.com/graphmock/graphmock/mockserver/token"
)

// A server that checks tokens answers a read with a minted token that holds the read role, and
// refuses one without it, as Graph does.
func ExampleMint() {
	srv, err := mockserver.New(mockserver.WithRequireAuth(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	for _, roles := range [][]string{{"CallRecords.Read.All"}, nil} {
		req := httptest.NewRequest(http.MethodGet, "/v1.0/communications/callRecords", nil)
		req.Header.Set("Authorization", "Bearer "+token.Mint(token.Claims{Roles: roles}))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		fmt.Println(roles, rec.Code)
	}
	// Output:
	// [CallRecords.Read.All] 200
	// [] 403
}
