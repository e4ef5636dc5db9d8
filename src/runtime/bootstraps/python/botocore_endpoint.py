"""Points an old botocore at Cumulo through AWS_ENDPOINT_URL (standard library only).

Cumulo gives every function AWS_ENDPOINT_URL so the SDK inside it calls Cumulo, not AWS. botocore
reads that variable (and AWS_ENDPOINT_URL_<SERVICE>) only since 1.31
(https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html); the boto3 that Python
functions see here is Debian's python3-boto3 (botocore 1.29), which ignores it and sends the
function's S3 or Lambda calls to https://s3.amazonaws.com. For such a botocore, clients created
without an endpoint_url get the one the environment names, as a newer botocore would do. The patch
is applied when botocore.session is first imported, so functions that never import boto3 pay
nothing for it.
"""

import importlib.abc
import os
import sys


def _configured_endpoint(service_name):
    env = os.environ
    specific = "AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_").replace(" ", "_")
    return env.get(specific) or env.get("AWS_ENDPOINT_URL")


def _patch(session_module):
    import botocore.configprovider as config

    # A botocore that knows ignore_configured_endpoint_urls reads AWS_ENDPOINT_URL* itself.
    if "ignore_configured_endpoint_urls" in getattr(config, "BOTOCORE_DEFAUT_SESSION_VARIABLES", {}):
        return
    original = session_module.Session.create_client

    def create_client(self, service_name, *args, **kwargs):
        # endpoint_url is create_client's 6th parameter (after region_name, api_version, use_ssl, verify).
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            endpoint = _configured_endpoint(service_name)
            if endpoint:
                kwargs["endpoint_url"] = endpoint
        return original(self, service_name, *args, **kwargs)

    session_module.Session.create_client = create_client


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds botocore.session with the other finders, then patches it once its code has run."""

    def find_spec(self, fullname, path, target=None):
        if fullname != "botocore.session":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        exec_module = loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            try:
                _patch(module)
            except Exception:  # an unexpected botocore: leave it as it is
                pass

        loader.exec_module = exec_and_patch
        return spec


def install():
    if os.environ.get("AWS_ENDPOINT_URL") or any(k.startswith("AWS_ENDPOINT_URL_") for k in os.environ):
        sys.meta_path.insert(0, _PatchOnImport())
