"""A library shipped in a layer (/opt/python on Lambda)."""


def greet(name):
    return "hello %s from a python layer" % name
