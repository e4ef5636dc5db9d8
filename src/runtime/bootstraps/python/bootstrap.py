"""Cumulo's bootstrap for the python3.* runtimes (standard library only).

Started directly (the function's environment is already in os.environ) or as a generic pool
process (--pool): then it waits for one JSON line {"env", "cwd"} on stdin and becomes that
function's runtime. The contract is AWS's runtime interface client (awslambdaric/bootstrap.py):
handler(event, context), error documents {errorMessage, errorType, requestId, stackTrace},
Runtime.ImportModuleError / Runtime.HandlerNotFound / Runtime.UserCodeSyntaxError at init,
and logging lines "[LEVEL]\\t<time>\\t<requestId>\\t<message>".
"""

import decimal
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

sys.dont_write_bytecode = True  # the task root is read-only on Lambda: leave no __pycache__ in it
# The bootstrap's own directory must not shadow the function's modules.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"
_GLOBAL_AWS_REQUEST_ID = None


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


# ---- the process ------------------------------------------------------------------------------


def assign_from_stdin():
    """Pool mode: take the function's environment and working directory."""
    assignment = json.loads(sys.stdin.readline())
    os.environ.clear()
    os.environ.update(assignment["env"])
    os.chdir(assignment["cwd"])
    time.tzset()


def build_sys_path():
    """sys.path as on Lambda: task root, layers' python dirs, then the runtime's own libraries."""
    env = os.environ
    version = "python%d.%d" % sys.version_info[:2]
    paths = [p for p in env.get("PYTHONPATH", "").split(":") if p]
    paths.append(env.get("LAMBDA_TASK_ROOT", os.getcwd()))
    layers = [p for p in env.get("CUMULO_LAYER_DIRS", "").split(":") if p]
    for layer in layers:
        paths.append(os.path.join(layer, "python"))
        paths.append(os.path.join(layer, "python", "lib", version, "site-packages"))
    stdlib = [p for p in sys.path if p]
    runtime_dir = env.get("LAMBDA_RUNTIME_DIR")
    sys.path[:] = paths + stdlib + ([runtime_dir] if runtime_dir else [])
    env.pop("CUMULO_LAYER_DIRS", None)


class Unbuffered:
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


# ---- Runtime API ------------------------------------------------------------------------------


class RuntimeClient:
    """HTTP/1.1 on one keep-alive socket. An invocation's answer is sent together with the request
    for the next event (pipelined, one write): the platform then wakes this process once per
    invocation instead of twice, and answers both at once."""

    def __init__(self, host_port, socket_name=None):
        host, port = host_port.split(":")
        self.address = (host, int(port))
        # Where the platform serves the same API on a Unix socket, cheaper per message than
        # loopback TCP; "@" stands for an abstract name's NUL.
        self.socket_name = socket_name
        self.sock = None
        self.buf = b""
        self.queued = []
        self.unanswered = 0

    def next(self):
        self._queue("GET", "/2018-06-01/runtime/invocation/next")
        self._send()
        while self.unanswered > 1:  # the answers to what went before (202s)
            self._response()
        status, headers, body = self._response()
        if status != 200:
            sys.stderr.write("Runtime API /next answered %d: %s\n" % (status, body))
            sys.exit(1)
        return headers, body

    def post_result(self, invoke_id, body):
        path = "/2018-06-01/runtime/invocation/%s/response" % invoke_id
        self._queue("POST", path, body, {"Content-Type": "application/json"})

    def post_error(self, invoke_id, doc):
        headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": doc["errorType"]}
        self._queue("POST", "/2018-06-01/runtime/invocation/%s/error" % invoke_id, to_json(doc), headers)

    def post_init_error(self, doc):
        headers = {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": doc["errorType"]}
        self._queue("POST", "/2018-06-01/runtime/init/error", to_json(doc), headers)
        self._send()
        while self.unanswered > 0:
            self._response()

    def _queue(self, method, path, body=None, headers=None):
        head = "%s %s HTTP/1.1\r\nHost: %s:%d\r\n" % (method, path, self.address[0], self.address[1])
        for name, value in (headers or {}).items():
            head += "%s: %s\r\n" % (name, value)
        data = b""
        if body is not None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            head += "Content-Length: %d\r\n" % len(data)
        self.queued.append(head.encode("latin-1") + b"\r\n" + data)

    def _send(self):
        if self.sock is None:
            self.sock = self._connect_local() or socket.create_connection(self.address)
            if self.sock.family != socket.AF_UNIX:
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(b"".join(self.queued))
        self.unanswered += len(self.queued)
        self.queued = []

    def _connect_local(self):
        """The Unix socket, or None (then loopback TCP serves). Node's libuv binds an abstract name
        with the whole 108-byte sun_path, NUL-padded, and only that exact address reaches it."""
        name = self.socket_name
        if not name:
            return None
        candidates = [name]
        if name[0] == "@":
            candidates = ["\0" + name[1:].ljust(107, "\0"), "\0" + name[1:]]
        for address in candidates:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(address)
                return sock
            except OSError:
                sock.close()
        return None

    def _response(self):
        while True:
            parsed = parse_response(self.buf)
            if parsed is not None:
                status, headers, body, length = parsed
                self.buf = self.buf[length:]
                self.unanswered -= 1
                return status, headers, body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("Runtime API connection closed")
            self.buf += chunk


def parse_response(buf):
    """(status, headers, body, length) of the whole response at the start of buf, or None."""
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = buf[:head_end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    start = head_end + 4
    end = start + int(headers.get("content-length", "0"))
    if len(buf) < end:
        return None
    return status, headers, buf[start:end], end


class Encoder(json.JSONEncoder):
    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def to_json(obj):
    return json.dumps(obj, cls=Encoder)


# ---- errors and logs --------------------------------------------------------------------------


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def replace_line_indentation(line, indent_char, new_indent_char):
    count = len(line) - len(line.lstrip(indent_char))
    return (new_indent_char * count) + line[count:]


def log_error(error_result):
    """[ERROR] Type: message, then the traceback: one log event (lines joined by \\r)."""
    description = "[ERROR]"
    if error_result.get("errorType"):
        description += " " + error_result["errorType"]
    if error_result.get("errorMessage"):
        if error_result.get("errorType"):
            description += ":"
        description += " " + error_result["errorMessage"]
    lines = [description]
    stack_trace = error_result.get("stackTrace")
    if stack_trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack_trace:
            if element == "":
                lines.append("")
            else:
                for trace_line in element.splitlines():
                    lines.append(replace_line_indentation(trace_line, " ", ERROR_LOG_IDENT))
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


def extract_traceback(tb):
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if not frame[0].endswith("/bootstrap.py"):
            return frames[i:]
    return frames


class LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        sys.stdout.write(self.format(record))


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _GLOBAL_AWS_REQUEST_ID or ""
        return True


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(
        logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(LambdaLoggerFilter())
    logger = logging.getLogger()
    logger.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging._nameToLevel:
        logger.setLevel(level)


# ---- the function -----------------------------------------------------------------------------


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT, "Cannot use built-in module {} as a handler module".format(modname)
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e)))
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname), None
        )


class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext:
    __slots__ = ["custom", "env", "client"]


def make_obj_from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class LambdaContext:
    def __init__(self, invoke_id, client_context, cognito_identity, deadline_ms, invoked_function_arn):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = make_obj_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = make_obj_from_dict(Client, self.client_context.client)
        self.identity = make_obj_from_dict(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def parse_json_header(header, name):
    try:
        return json.loads(header)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e)), None
        )


def handle_event(client, request_handler, headers, body):
    invoke_id = headers.get("lambda-runtime-aws-request-id")
    error_result = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            invoke_id,
            parse_json_header(client_context, "Client Context") if client_context else None,
            parse_json_header(cognito, "Cognito Identity") if cognito else None,
            int(headers.get("lambda-runtime-deadline-ms", "0")),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        try:
            event = json.loads(body)
        except Exception as e:
            raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None)
        response = request_handler(event, context)
        try:
            result = to_json(response)
        except Exception as e:
            raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)), None)
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace, invoke_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        error_result = make_error(str(value), etype.__name__, traceback.format_list(extract_traceback(tb)), invoke_id)
    if error_result is not None:
        log_error(error_result)
        client.post_error(invoke_id, error_result)
    else:
        client.post_result(invoke_id, result)


def point_botocore_at_endpoint():
    """An old botocore ignores AWS_ENDPOINT_URL: botocore_endpoint.py makes it honour it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_cumulo_botocore_endpoint", os.path.join(_HERE, "botocore_endpoint.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install()


def main():
    global _GLOBAL_AWS_REQUEST_ID
    if "--pool" in sys.argv:
        assign_from_stdin()
    build_sys_path()
    point_botocore_at_endpoint()
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    # Cumulo's, not AWS's: gone from the environment before the function's code runs.
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"], os.environ.pop("CUMULO_RUNTIME_API_SOCKET", None))
    setup_logging()
    try:
        request_handler = get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error_result = make_error(e.msg, e.exception_type, e.trace)
        log_error(error_result)
        client.post_init_error(error_result)
        sys.exit(1)
    except Exception:
        etype, value, tb = sys.exc_info()
        error_result = make_error(str(value), etype.__name__, traceback.format_list(extract_traceback(tb)))
        log_error(error_result)
        client.post_init_error(error_result)
        sys.exit(1)
    while True:
        headers, body = client.next()
        _GLOBAL_AWS_REQUEST_ID = headers.get("lambda-runtime-aws-request-id")
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle_event(client, request_handler, headers, body)


if __name__ == "__main__":
    main()
