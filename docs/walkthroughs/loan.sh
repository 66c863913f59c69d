#!/bin/bash
# One full loan at the lending desk (借阅), as the users type it: the embedded deployment in a fresh home,
# the clock fixed per command (DOCARCHIVE_FIXED_CLOCK) so a week passes between two lines.
# Run from the repository: docs/walkthroughs/loan.sh > docs/walkthroughs/loan.txt
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
D=${DOCARCHIVE_BIN:-$here/.venv/bin/docarchive}
work=$(mktemp -d)
export DOCARCHIVE_HOME=$work/home
NOW=2026-05-06T09:30:00+08:00
run() { local who=$1; shift; echo "[$NOW] $who\$ docarchive $*"; DOCARCHIVE_FIXED_CLOCK=$NOW DOCARCHIVE_USER=$who $D "$@" 2>&1
        local code=$?; [ $code -ne 0 ] && echo "(exit $code)"; echo; }
quiet() { DOCARCHIVE_FIXED_CLOCK=$NOW DOCARCHIVE_USER=local $D "$@" >/dev/null 2>&1 || echo "setup failed: $*" >&2; }
note() { echo "# $*"; }

for u in "li staff 销售一部" "qian manager 销售一部" "zhao director 总经办"; do set -- $u
  echo "archive-pass-2026" | DOCARCHIVE_FIXED_CLOCK=$NOW DOCARCHIVE_USER=local $D user add $1 --role $2 --department $3 --password-stdin >/dev/null 2>&1; done
quiet customer add KH-1 --name 上海华东机电 --owner li --department 销售一部 --reason 新客户建档
quiet location add --reason 新库位 A库房/03密集架/2列/4节/3层
quiet box add --reason 新盒 B-0012 --location A库房/03密集架/2列/4节/3层
for s in none 秘密 机密 绝密; do quiet volume add --reason 立卷 --customer-no KH-1 --box B-0012 --year 2026 --retention D30 --secrecy $s; done
V=Z001-KH·2026-D30-DAS-0001; S=Z001-KH·2026-D30-DAS-0002; C=Z001-KH·2026-D30-DAS-0003; T=Z001-KH·2026-D30-DAS-0004
note "Set up (not shown): li (staff, 销售一部) keeps customer KH-1; qian manages 销售一部; zhao is a director;"
note "the desk (user local) is the archive room. Box B-0012 on A库房/03密集架/2列/4节/3层 holds four volumes of"
note "KH-1: $V (not secret), $S (秘密), $C (机密), $T (绝密)."
echo
note "1. li asks to take the non-secret volume out for a week"
echo "[$NOW] li\$ docarchive loan request --volume $V --mode out --purpose 核对合同原件 --json"
out=$(DOCARCHIVE_FIXED_CLOCK=$NOW DOCARCHIVE_USER=li $D loan request --volume $V --mode out --purpose 核对合同原件 --json)
echo "$out"; echo
ID=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
note "2. the rules refuse, with the reason, what is never lent, never leaves the room, or is kept too long"
run li loan request --volume $T --mode read --purpose 查阅
run li loan request --volume $C --mode out --purpose 带回核对
run li loan request --volume $S --mode read --hours 5 --purpose 查阅
note "3. li's department manager sees the request waiting; nobody approves their own loan"
run qian loan list --status pending
run li loan approve $ID --reason 同意
run qian loan approve $ID --reason 同意
note "4. the desk scans the volume's barcode to hand it over; wherever the volume is shown, it is on loan"
run local loan checkout $V
run local locate $V
run li locate $V --json
note "5. while it is out it is neither moved nor missing: the box stays, the inventory counts it out"
run local box move B-0012 --to A库房 --reason 调整库位
echo "[$NOW] local\$ printf '%s\n' B-0012 $S $C $T | docarchive inventory - --location A库房/03密集架/2列/4节/3层"
printf '%s\n' B-0012 $S $C $T | DOCARCHIVE_FIXED_CLOCK=$NOW DOCARCHIVE_USER=local $D inventory - --location A库房/03密集架/2列/4节/3层 2>&1; echo
NOW=2026-05-14T10:00:00+08:00
note "6. eight days later the loan is overdue: flagged on the desk's list"
run local loan list --overdue
note "7. li asks for two more days; the renewal needs the manager's approval again"
run li loan renew $ID --hours 48 --reason 项目延期
run qian loan approve $ID --reason 同意续借
run local loan list --overdue
NOW=2026-05-15T16:00:00+08:00
note "8. the desk scans it back, noting its condition; the loan is closed and the volume is in its box again"
run local loan return $V --condition 完好，无缺页
run local locate $V
note "9. the loan register: the volume's history, and li's loans as a spreadsheet"
run local loan report --kind history --volume $V
run local loan report --kind history --borrower li --output $work/loans-li.xlsx | sed "s#$work/#./#"
rm -rf "$work"
