package orders

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ErrNotFound is returned by the store when a row does not exist.
var ErrNotFound = errors.New("not found")

type Line struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

type Order struct {
	ID        int64     `json:"id"`
	Customer  string    `json:"customer"`
	Status    string    `json:"status"`
	Lines     []Line    `json:"lines,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type StockLevel struct {
	SKU    string `json:"sku"`
	OnHand int    `json:"on_hand"`
}

type AuditEvent struct {
	User, Method, Path string
	At                 time.Time
}

// Store keeps orders, stock levels and the audit log in PostgreSQL.
type Store struct {
	db *sql.DB
}

func (s *Store) Order(ctx context.Context, id int64) (*Order, error) {
	o := &Order{ID: id}
	err := s.db.QueryRowContext(ctx,
		`SELECT customer, status, created_at FROM orders WHERE id = $1`, id,
	).Scan(&o.Customer, &o.Status, &o.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return o, err
}

func (s *Store) CreateOrder(ctx context.Context, o *Order) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx,
		`INSERT INTO orders (customer, status) VALUES ($1, $2) RETURNING id, created_at`,
		o.Customer, o.Status,
	).Scan(&o.ID, &o.CreatedAt)
	if err != nil {
		return err
	}
	for _, l := range o.Lines {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO order_lines (order_id, sku, qty) VALUES ($1, $2, $3)`, o.ID, l.SKU, l.Qty)
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *Store) SetStatus(ctx context.Context, id int64, status string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE orders SET status = $2 WHERE id = $1`, id, status)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	return err
}

func (s *Store) SetStock(ctx context.Context, level StockLevel) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO inventory (sku, on_hand) VALUES ($1, $2)
		 ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand`, level.SKU, level.OnHand)
	return err
}

func (s *Store) RecordAudit(ctx context.Context, ev AuditEvent) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO audit_log (at, username, method, path) VALUES ($1, $2, $3, $4)`,
		ev.At, ev.User, ev.Method, ev.Path)
	return err
}
