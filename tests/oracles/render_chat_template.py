#!/usr/bin/env python3
"""Reference renderer for chat templates: the real Jinja2 in the environment Hugging Face transformers builds for
apply_chat_template (sandboxed, trim_blocks, lstrip_blocks, loop controls, raise_exception, a tojson that keeps
non-ASCII), so the engine's hand-written renderer can be compared with it byte for byte.

Single rendering (UTF-8 bytes on stdout, nothing added):
    render_chat_template.py --template chat_template.json --messages m.json [--no-generation-prompt]
                            [--add-vision-id]
Many renderings in one process:
    render_chat_template.py --template chat_template.json --batch manifest.json
where the manifest is a JSON array of {"messages": path, "out": path, "add_generation_prompt": bool,
"add_vision_id": bool}; each rendering is written to its "out" path.

--template takes a chat_template.json (its "chat_template" key) or a raw .jinja file. Exit status 2 when Jinja2
is missing, 1 when rendering fails, with one line on stderr.
"""

import argparse
import json
import sys
from datetime import datetime


def load_template(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if path.endswith(".jinja"):
        return text
    return json.loads(text)["chat_template"]


def compile_template(source):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(value, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format_string):
        return datetime.now().strftime(format_string)

    environment = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols"]
    )
    environment.filters["tojson"] = tojson
    environment.globals["raise_exception"] = raise_exception
    environment.globals["strftime_now"] = strftime_now
    return environment.from_string(source)


def render(template, messages_path, add_generation_prompt, add_vision_id):
    with open(messages_path, encoding="utf-8") as handle:
        messages = json.load(handle)
    if isinstance(messages, dict):
        messages = messages["messages"]
    return template.render(
        messages=messages,
        tools=None,
        documents=None,
        add_generation_prompt=add_generation_prompt,
        add_vision_id=add_vision_id,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", required=True)
    parser.add_argument("--messages")
    parser.add_argument("--batch")
    parser.add_argument("--no-generation-prompt", action="store_true")
    parser.add_argument("--add-vision-id", action="store_true")
    args = parser.parse_args()
    if bool(args.messages) == bool(args.batch):
        parser.error("give exactly one of --messages and --batch")

    try:
        import jinja2  # noqa: F401
    except ImportError:
        print("render_chat_template.py: python3-jinja2 is not installed", file=sys.stderr)
        return 2

    try:
        template = compile_template(load_template(args.template))
        if args.messages:
            text = render(template, args.messages, not args.no_generation_prompt, args.add_vision_id)
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
            return 0
        with open(args.batch, encoding="utf-8") as handle:
            manifest = json.load(handle)
        for entry in manifest:
            text = render(
                template,
                entry["messages"],
                entry.get("add_generation_prompt", True),
                entry.get("add_vision_id", False),
            )
            with open(entry["out"], "wb") as handle:
                handle.write(text.encode("utf-8"))
        return 0
    except Exception as error:  # one line for the caller, whatever failed
        print(f"render_chat_template.py: {type(error).__name__}: {error}".replace("\n", " "), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
