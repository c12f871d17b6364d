#!/usr/bin/env bash
# The whole story of the README's walk-through, against a running server on the manual clock:
#
#   rm -rf ./data-demo && DATA_DIR=./data-demo CLOCK=manual CLOCK_START=2026-09-29T09:00:00+08:00 npm start
#   DATA_DIR=./data-demo scripts/demo.sh          # in another shell
#
# Two applicants: Lin goes from application to a renewed membership and a voluntary exit; Chen's
# initial review is left overdue, done late, and Chen is later forced out and banned. Needs curl
# and node (for reading the JSON replies). API defaults to http://localhost:3000.
set -euo pipefail
API=${API:-http://localhost:3000}
cd "$(dirname "$0")/.."

# json EXPR: reads a JSON reply on stdin; EXPR is a path (.id, .items[0]) or an expression of the reply v
json() {
  node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const v = s ? JSON.parse(s) : null;
      const e = process.argv[1];
      const r = new Function("v", "return " + (e === "" ? "v" : e.startsWith(".") ? "v" + e : e))(v);
      console.log(typeof r === "string" ? r : JSON.stringify(r));
    });' "$1"
}
token() { npm run -s token -- "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# call METHOD PATH TOKEN [BODY]: prints the reply (and its status when it is not 2xx)
call() {
  local method=$1 path=$2 tok=$3 body=${4:-}
  local out status
  out=$(mktemp)
  if [ -n "$body" ]; then
    status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$API$path" -H "authorization: Bearer $tok" -H 'content-type: application/json' -d "$body")
  else
    status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$API$path" -H "authorization: Bearer $tok")
  fi
  [ "${status:0:1}" = 2 ] || printf '[%s] ' "$status" >&2
  cat "$out"
  rm -f "$out"
}
show() { call "$@" | json ''; }
clock() { call POST /admin/clock "$ADMIN" "{\"now\": \"$1\"}" | json ''; }

curl -sf "$API/health" >/dev/null || { echo "no API at $API: start it first (see the top of this script)" >&2; exit 1; }
ADMIN=$(token --role admin)
RECRUITER=$(token --role recruiter --sub rec-zhang)
OFFICER=$(token --role officer --sub officer-wu)
mode=$(call GET /admin/clock "$ADMIN" | json .mode)
[ "$mode" = manual ] || { echo 'start the server with CLOCK=manual (see the top of this script)' >&2; exit 1; }
now=$(call GET /admin/clock "$ADMIN" | json .now)
[ "$now" = 2026-09-29T01:00:00.000Z ] || {
  echo "the clock is at $now, not 2026-09-29T09:00+08:00: this data directory was used before; start over with a fresh DATA_DIR" >&2
  exit 1
}

LIN='{"applicantType":"opc","name":"Lin Studio","subject":"11010519491231002X","direction":"ai-native-innovation",
 "description":"AI bookkeeping agents","materials":[{"kind":"identity-document","fileRef":"files/lin/id.pdf",
 "sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],
 "attestations":{"noDishonestyRecord":true,"acceptsRules":true}}'
CHEN='{"applicantType":"individual-business","name":"Chen Works","subject":"440106199003071234","direction":"digital-economy",
 "description":"AI video subtitles","materials":[{"kind":"business-licence","fileRef":"files/chen/licence.pdf",
 "sha256":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}],
 "attestations":{"noDishonestyRecord":true,"acceptsRules":true}}'

step '1. Two applications (M-ADM-1..4); the initial review falls due in 7 working days (M-ADM-5)'
APPLIED=$(call POST /members/applications "$RECRUITER" "$LIN")
echo "$APPLIED"
ID=$(echo "$APPLIED" | json .id)
POS=$(echo "$APPLIED" | json .position)
OTHER=$(call POST /members/applications "$RECRUITER" "$CHEN" | json .id)
echo "Lin is $ID, Chen is $OTHER"

step '2. Read back (minPosition: after the write); the deadlines'
call GET "/members/$ID?minPosition=$POS" "$ADMIN" | json '({status: v.status, deadlines: v.deadlines})'
call GET /deadlines "$ADMIN" | json 'v.items.map(d => [d.kind, d.streamId.slice(7), d.dueDate, d.overdue])'

step '3. A day later: Lin passes the initial review and the project evaluation, signs, pays, is onboarded'
clock 2026-09-30T10:00:00+08:00
show POST "/members/$ID/initial-review" "$RECRUITER" '{"decision":"pass","reason":"materials complete"}'
show POST "/members/$ID/project-evaluation" "$ADMIN" '{"decision":"approve","reason":"feasible, fits the community"}'
show POST "/members/$ID/agreement" "$RECRUITER" '{"startDate":"2026-10-08","feeFen":1200000,"depositFen":300000}'
echo 'onboarding before paying is refused:'
call POST "/members/$ID/onboarding" "$RECRUITER" '{"workspace":"A-301","briefingAcknowledged":true}' | json '({code: v.code, reasons: v.reasons})'
show POST "/members/$ID/payments" "$RECRUITER" '{"kind":"fee","amountFen":1200000,"reference":"BANK-001"}'
show POST "/members/$ID/payments" "$RECRUITER" '{"kind":"deposit","amountFen":300000,"reference":"BANK-002"}'
ONBOARDED=$(call POST "/members/$ID/onboarding" "$RECRUITER" '{"workspace":"A-301","briefingAcknowledged":true}')
echo "$ONBOARDED"

step '4. History and as-of reads (M-APL-2): what we knew, what was true, by revision'
call GET "/members/$ID/history" "$ADMIN" | json 'v.events.map(e => [e.revision, e.type, e.metadata.actor.role, e.metadata.occurredAt])'
call GET "/members/$ID?asOf=2026-09-29" "$ADMIN" | json '({status: v.status, revision: v.revision, asOf: v.asOf})'
call GET "/members/$ID?atRevision=2" "$ADMIN" | json '({status: v.status, revision: v.revision})'
call GET "/members/$ID?minPosition=$(echo "$ONBOARDED" | json .position)" "$ADMIN" | json '({status: v.status, term: v.term})'

step "5. Chen's initial review is not done in time: overdue on 2026-10-15"
clock 2026-10-15T09:00:00+08:00
call GET '/deadlines?overdue=true' "$ADMIN" | json 'v.items.map(d => [d.kind, d.streamId.slice(7), d.dueDate, d.overdue])'
echo 'done late (recorded with late: true), then evaluated, signed, paid, onboarded:'
show POST "/members/$OTHER/initial-review" "$RECRUITER" '{"decision":"pass","reason":"complete, late"}'
show POST "/members/$OTHER/project-evaluation" "$ADMIN" '{"decision":"approve","reason":"fits"}'
show POST "/members/$OTHER/agreement" "$RECRUITER" '{"startDate":"2026-10-15","feeFen":600000,"depositFen":200000}'
show POST "/members/$OTHER/payments" "$RECRUITER" '{"kind":"fee","amountFen":600000,"reference":"BANK-101"}'
show POST "/members/$OTHER/payments" "$RECRUITER" '{"kind":"deposit","amountFen":200000,"reference":"BANK-102"}'
show POST "/members/$OTHER/onboarding" "$RECRUITER" '{"workspace":"B-12","briefingAcknowledged":true}'

step '6. 30 days before the term ends the scheduler issues the renewal reminder (M-TERM-2); Lin renews (M-TERM-3) and pays'
clock 2027-09-08T09:00:00+08:00
call GET "/members/$ID/history" "$ADMIN" | json 'v.events.slice(-1).map(e => [e.type, e.metadata.actor.id, e.data])'
show POST "/members/$ID/renewals" "$RECRUITER" '{"decision":"approve","reason":"good standing"}'
show POST "/members/$ID/payments" "$RECRUITER" '{"kind":"fee","amountFen":1200000,"reference":"BANK-003"}'

step '7. Chen sublets (M-PEN-1c): a warning and a rectification notice first (M-EXIT-2 refuses a forced exit before them)'
call POST "/members/$OTHER/forced-exit" "$OFFICER" '{"clause":"M-PEN-1c","reason":"sublet the workspace"}' | json '({code: v.code, reasons: v.reasons})'
CASE=$(call POST "/members/$OTHER/violations" "$OFFICER" '{"clause":"M-PEN-1c","occurredAt":"2027-09-07T15:00:00+08:00","facts":"workspace B-12 sublet to a third party","evidence":[{"kind":"photo","fileRef":"files/chen/b12.jpg","sha256":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}]}')
echo "$CASE" | json '({repeatCount: v.repeatCount, penalties: v.penalties.map(p => [p.tier, p.warning]), notice: {dueDate: v.notice.dueDate, provisional: v.notice.provisional}})'
NOTICE=$(echo "$CASE" | json .notice.noticeId)
echo 'a day after its due date the notice is overdue; inspected, not rectified: forced exit, deposit, ¥800, a 1-year ban (M-BAN-2)'
clock 2027-09-16T10:00:00+08:00
call GET '/deadlines?overdue=true' "$ADMIN" | json 'v.items.map(d => [d.kind, d.rule, d.dueDate, d.overdue])'
EXITED=$(call POST "/members/$OTHER/rectifications/$NOTICE" "$OFFICER" '{"rectified":false,"note":"still sublet at inspection"}')
echo "$EXITED" | json 'v.penalties.map(p => ({tier: p.tier, forcedExit: p.forcedExit, fine: p.fine && p.fine.amountFen, banYears: p.banYears}))'
call GET "/members/$OTHER?minPosition=$(echo "$EXITED" | json .position)" "$ADMIN" | json '({status: v.status, exitKind: v.exitKind, exit: v.exit})'
call POST /bans/lookup "$RECRUITER" '{"subject":"440106199003071234"}' | json ''
echo 'and a new application is refused:'
call POST /members/applications "$RECRUITER" "$CHEN" | json '({code: v.code, banUntil: v.banUntil, reason: v.reason})'

step '8. Lin gives 15 days notice itself (M-EXIT-1) and leaves on the exit date; the archive is kept 3 years (M-ARC-2)'
MEMBER=$(token --role member --member "$ID")
echo 'too short a notice is refused:'
call POST "/members/$ID/exit-notices" "$MEMBER" '{"exitDate":"2027-09-30"}' | json '({code: v.code, detail: v.detail})'
show POST "/members/$ID/exit-notices" "$MEMBER" '{"exitDate":"2027-11-30"}'
clock 2027-11-30T00:00:00+08:00
call GET "/members/$ID/archive" "$ADMIN" | json '({status: v.status, exit: v.exit, retentionUntil: v.retentionUntil})'
echo
echo 'Done. To run it again, stop the server and start it on a fresh DATA_DIR.'
