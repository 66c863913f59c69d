from fastapi import Request

from docarchive.bootstrap import Container


def container(request: Request) -> Container:
    return request.app.state.container
