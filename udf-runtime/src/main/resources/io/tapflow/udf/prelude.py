# TapFlow's Python UDF prelude: runs once in each context, before the UDF's own source.
# The UDF's own imports are limited to the modules below, and open() is refused, with messages that say
# why. The real boundary is the context's sandbox (no files, network, processes, threads, environment or
# Java); this only makes the errors clear. The standard library's own imports are not limited.
import builtins as _builtins
import datetime as _datetime
import decimal as _decimal

_ALLOWED_MODULES = frozenset([
    'base64', 'bisect', 'calendar', 'collections', 'copy', 'datetime', 'decimal', 'enum', 'fractions',
    'functools', 'hashlib', 'heapq', 'itertools', 'json', 'math', 'operator', 'random', 're', 'statistics',
    'string', 'textwrap', 'time', 'typing', 'unicodedata', 'uuid', 'zlib',
])
_SANDBOX = 'TapFlow UDFs run sandboxed, with no files, network, processes, threads, environment variables or Java'
_real_import = _builtins.__import__


def _tapflow_import(name, globals=None, locals=None, fromlist=(), level=0):
    root = name.partition('.')[0]
    from_udf = globals is None or globals.get('__name__') == '__tapflow_udf__'
    if from_udf and (level != 0 or root not in _ALLOWED_MODULES):
        raise ImportError("module '%s' is not available in a TapFlow UDF: %s. Modules a UDF can import: %s"
                          % (name, _SANDBOX, ', '.join(sorted(_ALLOWED_MODULES))), name=name)
    return _real_import(name, globals, locals, fromlist, level)


def _tapflow_refuse(what):
    def refused(*args, **kwargs):
        raise PermissionError('%s is not available in a TapFlow UDF: %s' % (what, _SANDBOX))
    return refused


_builtins.__import__ = _tapflow_import
_builtins.open = _tapflow_refuse('open()')
for _name in ('input', 'breakpoint', 'exit', 'quit', 'help', 'copyright', 'credits', 'license'):
    if hasattr(_builtins, _name):
        delattr(_builtins, _name)

_UTC = _datetime.timezone.utc
_EPOCH = _datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_MISSING = object()


def _tapflow_load(source, filename):
    namespace = {'__name__': '__tapflow_udf__'}
    exec(compile(source, filename, 'exec'), namespace)
    process = namespace.get('process')
    if not callable(process):
        raise NameError("the UDF defines no function 'process'. Fix: def process(record, context): ... return record")
    code = getattr(process, '__code__', None)
    takes_context = code is None or code.co_argcount >= 2 or bool(code.co_flags & 0x04)
    return process, takes_context


class TapFlowContext(object):
    """What a UDF knows about the change: context.op, .before, .table, .position, .event_time, .env and
    context['global'] (also context['op'] and so on)."""
    __slots__ = ('_event', '_before', 'env', '_global')

    def __init__(self, event, env, glob):
        self._event = event
        self._before = _MISSING
        self.env = env
        self._global = glob

    @property
    def op(self):
        return self._event.op()

    @property
    def before(self):
        if self._before is _MISSING:
            before = self._event.before()
            self._before = None if before is None else dict(before)
        return self._before

    @property
    def table(self):
        return self._event.table()

    @property
    def position(self):
        return dict(self._event.position())

    @property
    def event_time(self):
        return self._event.eventTime()

    def __getitem__(self, key):
        if key == 'global':
            return self._global
        if key in ('op', 'before', 'table', 'position', 'event_time', 'env'):
            return getattr(self, key)
        raise KeyError(key)

    def __getattr__(self, key):
        if key == 'global':
            return self._global
        raise AttributeError("context has no '%s'; it has op, before, table, position, event_time, env and global"
                             % key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


def _tapflow_caller(process, takes_context, env, glob):
    env = dict(env)

    def call(record, event, out):
        result = process(dict(record), TapFlowContext(event, env, glob)) if takes_context else process(dict(record))
        if result is None:
            return False
        if not isinstance(result, dict):
            raise TypeError('process must return the record (a dict), or None to drop it; it returned %s'
                            % type(result).__name__)
        out.update(result)
        return True
    return call


def _tf_decimal(text):
    return _decimal.Decimal(text)


def _tf_date(y, m, d):
    return _datetime.date(y, m, d)


def _tf_datetime(y, mo, d, h, mi, s, us):
    return _datetime.datetime(y, mo, d, h, mi, s, us)


def _tf_instant(seconds, micros):
    return _EPOCH + _datetime.timedelta(seconds=seconds, microseconds=micros)


def _tf_time(h, m, s, us):
    return _datetime.time(h, m, s, us)


def _tf_bytes(hex_text):
    return bytes.fromhex(hex_text)


def _tf_dict(entries):
    return dict(entries)


def _tf_list(items):
    return list(items)


def _tf_str(value):
    return str(value)


def _tf_int(text):
    return int(text)


def _tf_none():
    return None


def _tf_new_dict():
    return {}


def _tf_traceback(error):
    import traceback
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    # Leave out the prelude's own frame: the trace starts at the UDF.
    return ''.join(line for line in lines if 'tapflow-prelude' not in line).rstrip()
