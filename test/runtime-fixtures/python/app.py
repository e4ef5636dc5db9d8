"""Python handlers for the runtime tests."""
import json
import logging
import os
import sys
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)
invocations = 0


def handler(event, context):
    global invocations
    invocations += 1
    print("hello from python", json.dumps(event))
    logger.info("logged at info")
    return {
        "echo": event,
        "invocations": invocations,
        "pid": os.getpid(),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
        },
    }


def env(event, context):
    return dict(os.environ)


def fails(event, context):
    raise ValueError("boom at invoke")


def boto(event, context):
    import boto3

    return boto3.__name__


def marshal(event, context):
    return {1, 2}


def sys_path(event, context):
    return sys.path


def sleep(event, context):
    time.sleep(event["ms"] / 1000)
    return "slept"


def layer(event, context):
    import greeting_py

    return greeting_py.greet("python")
