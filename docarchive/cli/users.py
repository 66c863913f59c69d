"""`docarchive user add|passwd|disable|enable|role|list|token`: local accounts, managed by whoever runs the
command on the server (direct store access; the operating-system user owning DOCARCHIVE_HOME)."""

from __future__ import annotations

import getpass
import sys

from docarchive.bootstrap import bootstrap
from docarchive.cli.output import print_json
from docarchive.cli.principal import acting_principal
from docarchive.domain.accounts import ROLES
from docarchive.domain.errors import InvalidInput
from docarchive.services import accounts


def register(sub) -> None:
    user = sub.add_parser("user", help="users who may sign in: add, password, roles, disable, tokens")
    commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="add a user (the password is read from stdin or asked for)")
    add.add_argument("name")
    add.add_argument("--role", action="append", choices=ROLES, required=True, help="repeat for several roles")
    add.add_argument("--department", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=run_add)

    passwd = commands.add_parser("passwd", help="set a new password (signs the user out everywhere)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(handler=run_passwd)

    for verb, helptext in (("disable", "stop a user signing in (and end their sessions)"),
                           ("enable", "let a disabled user sign in again")):
        toggle = commands.add_parser(verb, help=helptext)
        toggle.add_argument("name")
        toggle.add_argument("--reason", required=True, help="why (kept in the audit trail)")
        toggle.set_defaults(handler=run_disable if verb == "disable" else run_enable)

    role = commands.add_parser("role", help="replace a user's roles")
    role.add_argument("name")
    role.add_argument("--role", action="append", choices=ROLES, required=True)
    role.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    role.set_defaults(handler=run_role)

    listing = commands.add_parser("list", help="every user with roles and state")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    token = commands.add_parser("token", help="a personal API token for an integration (shown once)")
    token.add_argument("name")
    token.add_argument("--label", default="")
    token.set_defaults(handler=run_token)


def run_add(args) -> int:
    container = bootstrap()
    user = accounts.add_user(container.accounts, clock=container.clock, name=args.name, roles=args.role,
                             password=_password(args), department=args.department)
    print(f"added {user.name} ({', '.join(user.roles)})")
    return 0


def run_passwd(args) -> int:
    container = bootstrap()
    accounts.set_password(container.accounts, clock=container.clock, name=args.name, password=_password(args))
    print(f"password of {args.name} changed; their sessions and tokens are revoked")
    return 0


def run_disable(args) -> int:
    container = bootstrap()
    accounts.set_disabled(container.accounts, clock=container.clock, name=args.name, disabled=True,
                          reason=args.reason, by=acting_principal(), audit=container.audit)
    print(f"{args.name} is disabled; their sessions and tokens are revoked")
    return 0


def run_enable(args) -> int:
    container = bootstrap()
    accounts.set_disabled(container.accounts, clock=container.clock, name=args.name, disabled=False,
                          reason=args.reason, by=acting_principal(), audit=container.audit)
    print(f"{args.name} may sign in again")
    return 0


def run_role(args) -> int:
    container = bootstrap()
    user = accounts.set_roles(container.accounts, clock=container.clock, name=args.name, roles=args.role,
                              reason=args.reason, by=acting_principal(), audit=container.audit)
    print(f"{user.name}: {', '.join(user.roles)}")
    return 0


def run_list(args) -> int:
    container = bootstrap()
    now = container.clock.now()
    rows = [{"name": u.name, "roles": list(u.roles), "department": u.department, "disabled": u.disabled,
             "locked": u.locked(now)} for u in accounts.list_users(container.accounts)]
    for row in rows:
        if args.json:
            print_json(row)
        else:
            state = "disabled" if row["disabled"] else "locked" if row["locked"] else "active"
            print(f"{row['name']:<20} {','.join(row['roles']):<24} {row['department'] or '—':<12} {state}")
    return 0


def run_token(args) -> int:
    container = bootstrap()
    issued = accounts.personal_token(container.accounts, clock=container.clock, name=args.name, label=args.label)
    print(issued.value)
    print("keep it secret: it is shown once and acts as the user until revoked", file=sys.stderr)
    return 0


def _password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise InvalidInput("the passwords differ")
    else:
        raise InvalidInput("no terminal to ask for the password: pass it with --password-stdin")
    return password
