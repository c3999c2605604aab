"""Errors of pressfacts: one base class, subclasses whose docstring is the message.

Library code raises these; only the command line turns them into exit codes and messages.
"""

from __future__ import annotations


class PipelineError(Exception):
    """pressfacts failed"""

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(detail)

    def __str__(self) -> str:
        doc = (self.__doc__ or "").strip()
        return f"{doc}: {self.detail}" if self.detail else doc


class BadSettings(PipelineError):
    """Invalid settings"""


class InputNotFound(PipelineError):
    """Input not found"""


class UnreadableInput(PipelineError):
    """Input could not be read"""


class InputTooLarge(PipelineError):
    """Input larger than the max_bytes limit"""


class ReleaseTooLarge(PipelineError):
    """Release exceeds a size limit"""


class NotAPage(PipelineError):
    """Input is not a text or HTML page"""


class NoBody(PipelineError):
    """No release body text found"""


class DuplicateRelease(PipelineError):
    """Another input has the same release_id"""


class ReleaseTimeout(PipelineError):
    """Release took longer than the max_seconds limit"""


class ModelNotFound(PipelineError):
    """spaCy model not found (install it, or pass --model with an installed name or a path)"""


class BadPatterns(PipelineError):
    """Invalid pattern file"""


class BadGold(PipelineError):
    """Invalid labeled sample"""


class OutputNotWritable(PipelineError):
    """Output folder cannot be written"""
