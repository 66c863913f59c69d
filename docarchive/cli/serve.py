"""`docarchive serve`: the HTTP API (and later the web UI) on the configured deployment."""

from __future__ import annotations


def register(sub) -> None:
    parser = sub.add_parser("serve", help="serve the HTTP API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.set_defaults(handler=run)


def run(args) -> int:
    import uvicorn

    from docarchive.api.app import create_app
    from docarchive.bootstrap import bootstrap

    uvicorn.run(create_app(bootstrap()), host=args.host, port=args.port, log_level="info")
    return 0
