"""A client library for accessing Oneprovider automation workflow execution API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
