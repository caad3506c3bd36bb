"""The one exception tree of dateline.

    DatelineError
    ├── InputError          one input cannot be read or used; the batch goes on
    │   ├── InputNotFound   the path does not exist
    │   ├── InputTooLarge   over the size limit (``max_bytes``)
    │   ├── EmptyInput      nothing but whitespace
    │   ├── BinaryInput     a PDF, image, archive or other non-text file
    │   └── NoArticle       readable, but no article text in it
    ├── ExtractionError     a stage failed on an input it accepted
    ├── StoreError          the corpus store cannot be read or written
    └── ConfigError         a bad option, config file or missing model / extra

The library raises these; only the CLI and the REST API translate them into a
one-line message (with ``hint``) or an error body.
"""

from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """``SOURCE: message (hint)`` on one line, for people."""
        text = f"{self.source}: {self.message}" if self.source else self.message
        if self.hint:
            text = f"{text} — {self.hint}"
        return " ".join(text.split())


class InputError(DatelineError):
    hint = "check the input"


class InputNotFound(InputError):
    hint = "check the path"


class InputTooLarge(InputError):
    hint = "split the file, or raise the limit with --max-bytes"


class EmptyInput(InputError):
    hint = "nothing to extract"


class BinaryInput(InputError):
    hint = "give dateline text, HTML, or a supported archive"


class NoArticle(InputError):
    hint = "try --input-kind article if the whole input is the article"


class ExtractionError(DatelineError):
    hint = "please report this input"


class StoreError(DatelineError):
    hint = "check the database path and permissions"


class ConfigError(DatelineError):
    hint = "check the option or config file"
