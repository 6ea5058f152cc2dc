"""PDF business documents: jinja2 templates rendered by WeasyPrint, written atomically.

A group keeps its templates in its own ``templates/`` folder and extends ``base.html`` from
``ledgerctl/outputs/templates`` (letterhead, A4, page numbers, money columns, VOID watermark).
The bundled DejaVu Sans in ``outputs/fonts`` is loaded by ``@font-face`` from a file URL, so a
document looks the same on every machine whatever fonts it has.

Filters: ``money`` (Decimal → ``1,234.50``; ``money('GHS')`` appends the currency),
``longdate`` (``30 Sep 2025``), ``file_url`` (path → ``file://`` URL), ``css_string``.
``render_many`` renders many documents in parallel processes (statement runs).
jinja2 and WeasyPrint are imported inside the functions (ledgerctl --help must stay light).
"""

from __future__ import annotations

import ctypes.util
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledgerctl.core.errors import LedgerError
from ledgerctl.core.money import format_money
from ledgerctl.outputs.files import atomic_write_with

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"


class PdfRenderError(LedgerError):
    """One or more documents of a batch could not be rendered (exit 1: a bug or bad template)."""


def harfbuzz_subset_available() -> bool:
    """True when libharfbuzz-subset is installed (WeasyPrint then subsets fonts much faster)."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def money(value: Decimal | int | None, currency: str | None = None) -> str:
    """Jinja filter: ``Decimal('1234.5')`` → ``1,234.50``; None → empty; floats are refused."""
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError(f"money filter got the float {value!r}; money must be a Decimal")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        shown = str(value)  # a missing template variable raises its own clear error here
        raise TypeError(f"money filter got {shown!r}; money must be a Decimal")
    return format_money(Decimal(value), currency)


def longdate(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    """Jinja filter: a date as people read it on a document (``30 Sep 2025``)."""
    return "" if value is None else value.strftime(fmt)


def file_url(path: str | os.PathLike[str]) -> str:
    """Jinja filter: a local path as an absolute ``file://`` URL (logos, fonts)."""
    return Path(path).resolve().as_uri()


def css_string(text: Any) -> str:
    """Jinja filter: text safe inside a double-quoted CSS string in a ``<style>`` element."""
    from markupsafe import Markup

    out = str(text).replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\a ").replace("<", "\\3c ")
    return Markup(out)  # escaped for CSS above; HTML-escaping it would corrupt the CSS


@lru_cache(maxsize=16)
def environment(templates_dir: str | None = None) -> jinja2.Environment:
    """The jinja2 environment for a templates folder (searched first) + the base templates."""
    import jinja2

    folders = ([templates_dir] if templates_dir else []) + [str(TEMPLATES_DIR)]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, longdate=longdate, file_url=file_url, css_string=css_string)
    env.globals["fonts_url"] = FONTS_DIR.as_uri()
    return env


def render_html(
    template: str, context: Mapping[str, Any], templates_dir: Path | None = None
) -> str:
    """Render a template to HTML text (what WeasyPrint will lay out)."""
    env = environment(str(Path(templates_dir).resolve()) if templates_dir else None)
    return env.get_template(template).render(**context)


@lru_cache(maxsize=1)
def _font_config() -> Any:
    """One WeasyPrint font configuration per process, shared by every document it renders."""
    import atexit

    from weasyprint.text.fonts import FontConfiguration

    atexit.register(_release_fonts)  # free it while the modules its __del__ needs still exist
    return FontConfiguration()


def _release_fonts() -> None:
    _stylesheet.cache_clear()
    _font_config.cache_clear()


@lru_cache(maxsize=32)
def _stylesheet(name: str, templates_dir: str | None) -> Any:
    """A CSS file of the templates folders (jinja-rendered for ``fonts_url``), parsed once per
    process: parsing CSS and loading @font-face fonts costs more than laying out a page."""
    from weasyprint import CSS

    text = environment(templates_dir).get_template(name).render()
    return CSS(
        string=text, base_url=templates_dir or str(TEMPLATES_DIR), font_config=_font_config()
    )


def render_pdf(
    template: str,
    context: Mapping[str, Any],
    target: Path,
    *,
    templates_dir: Path | None = None,
    stylesheets: Sequence[str] = (),
) -> Path:
    """Render ``template`` with ``context`` to a PDF at ``target``, atomically.

    ``base.css`` and the ``stylesheets`` (CSS files in ``templates_dir``, applied in order
    after it) are parsed once per process and shared; the template then does not inline
    ``base.css`` (``shared_css`` is set in its context).
    """
    from weasyprint import HTML

    folder = str(Path(templates_dir).resolve()) if templates_dir else None
    html = render_html(template, {**context, "shared_css": True}, templates_dir)
    css = [_stylesheet("base.css", None), *(_stylesheet(n, folder) for n in stylesheets)]
    document = HTML(string=html, base_url=folder or str(TEMPLATES_DIR))
    return atomic_write_with(
        Path(target),
        lambda tmp: document.write_pdf(tmp, stylesheets=css, font_config=_font_config()),
    )


@dataclass(frozen=True)
class PdfJob:
    """One document of a batch for ``render_many`` (must be picklable: plain data only)."""

    template: str
    target: Path
    context: Mapping[str, Any] = field(default_factory=dict)
    templates_dir: Path | None = None
    stylesheets: tuple[str, ...] = ()


def _render_job(job: PdfJob) -> Path:
    return render_pdf(
        job.template,
        job.context,
        job.target,
        templates_dir=job.templates_dir,
        stylesheets=job.stylesheets,
    )


def _failure(job: PdfJob, exc: BaseException) -> str:
    return f"{job.target}: {type(exc).__name__}: {exc}"


def _render_serial(
    jobs: Sequence[PdfJob], progress: Callable[[], None]
) -> tuple[list[Path], list[str]]:
    done, failed = [], []
    for job in jobs:
        try:
            done.append(_render_job(job))
        except Exception as exc:  # keep going: one bad document must not stop the batch
            failed.append(_failure(job, exc))
        progress()
    return done, failed


def _worker_context(multiprocessing: Any) -> Any:
    """Never fork a process that may hold threads (progress bars): use a fork server that has
    WeasyPrint loaded once (workers start fast) where there is one, else spawn (Windows)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["weasyprint", "ledgerctl.outputs.pdf"])
        return context
    return multiprocessing.get_context("spawn")


def _render_parallel(
    jobs: Sequence[PdfJob], processes: int, progress: Callable[[], None]
) -> tuple[list[Path], list[str]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    done, failed = [], []
    context = _worker_context(multiprocessing)
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = {pool.submit(_render_job, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                done.append(future.result())
            except Exception as exc:
                failed.append(_failure(futures[future], exc))
            progress()
    return done, failed


def render_many(
    jobs: Sequence[PdfJob], processes: int = 1, progress: Callable[[], None] | None = None
) -> list[Path]:
    """Render every job; ``processes`` > 1 uses that many worker processes.

    ``progress`` (optional) is called once per finished document, in the calling process.

    Every job is attempted. Returns the written paths in job order; if any job failed, raises
    ``PdfRenderError`` naming how many failed and the first failure (the others are written).
    """
    jobs = list(jobs)
    workers = max(1, min(processes, len(jobs)))
    tick = progress or (lambda: None)
    if workers == 1:
        done, failed = _render_serial(jobs, tick)
    else:
        done, failed = _render_parallel(jobs, workers, tick)
    if failed:
        raise PdfRenderError(
            f"{len(failed)} of {len(jobs)} PDF documents failed to render; first: {failed[0]}"
        )
    written = set(done)
    return [Path(job.target) for job in jobs if Path(job.target) in written]
