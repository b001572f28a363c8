package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"fmt"
	"math/big"
	"net"
	"time"
)

// selfSignedValidity is how long a generated certificate is valid: long enough that a long-lived
// sidecar never sees it expire.
const selfSignedValidity = 365 * 24 * time.Hour

// serverCertificate returns the certificate serve presents over HTTPS: the PEM pair certFile and
// keyFile when given (both or neither; serve checks that), otherwise a fresh self-signed one.
// generated reports which, so the start-up hint can tell curl to skip verification.
func serverCertificate(certFile, keyFile string, now time.Time) (cert tls.Certificate, generated bool, err error) {
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return tls.Certificate{}, false, fmt.Errorf("loading TLS certificate %s and key %s: %w", certFile, keyFile, err)
		}
		return cert, false, nil
	}
	cert, err = selfSignedCertificate(now)
	return cert, true, err
}

// selfSignedCertificate generates an ECDSA P-256 key and a self-signed server certificate for
// localhost, 127.0.0.1 and ::1, valid from an hour before now (tolerating clock skew) for a year.
// Clients such as the Graph JavaScript SDK only speak https, and a generated certificate lets
// them reach the mock without anyone managing PEM files; the key exists only in memory.
func selfSignedCertificate(now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generating TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("generating certificate serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"graphmock"}, CommonName: "graphmock self-signed"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(selfSignedValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("creating self-signed certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("parsing self-signed certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// certFingerprint is the SHA-256 of the certificate's DER, hex-encoded, so a user can pin or
// compare the generated certificate from the log.
func certFingerprint(cert tls.Certificate) string {
	if len(cert.Certificate) == 0 {
		return ""
	}
	sum := sha256.Sum256(cert.Certificate[0])
	return hex.EncodeToString(sum[:])
}
