//! Writing the site: every file into a fresh folder, then one swap.

use super::context::Site;
use super::render::render;
use super::theme::{describe, Theme};
use super::BuildReport;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs `build` into a temporary folder beside `output`, then replaces
/// `output` with it. On any error the temporary folder is removed and
/// `output` is untouched.
pub fn atomically(
    output: &Path,
    build: impl FnOnce(&Path) -> Result<BuildReport, String>,
) -> Result<BuildReport, String> {
    if output.exists() && !output.is_dir() {
        return Err(format!(
            "output `{}` exists and is not a folder",
            output.display()
        ));
    }
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("output `{}` names no folder", output.display()))?;
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.sxsdoc-new-{pid}"));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir(&fresh).map_err(|err| {
        format!(
            "cannot write beside the output, in `{}`: {err}",
            parent.display()
        )
    })?;
    let report = match build(&fresh) {
        Ok(report) => report,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(err);
        }
    };
    let old = parent.join(format!(".{name}.sxsdoc-old-{pid}"));
    if output.exists() {
        std::fs::rename(output, &old).map_err(|err| {
            let _ = std::fs::remove_dir_all(&fresh);
            format!("cannot replace `{}`: {err}", output.display())
        })?;
    }
    if let Err(err) = std::fs::rename(&fresh, output) {
        let _ = std::fs::rename(&old, output);
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(format!(
            "cannot move the new site to `{}`: {err}",
            output.display()
        ));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(report)
}

/// Writes every file of the site into `dir`.
pub fn site(dir: &Path, site: &Site<'_>, theme: &Theme) -> Result<BuildReport, String> {
    let bytes = AtomicU64::new(0);
    let files = AtomicU64::new(0);
    let put = |url: &str, content: &[u8]| -> Result<(), String> {
        let path = dir.join(url);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|err| format!("cannot create `{}`: {err}", parent.display()))?;
        }
        std::fs::write(&path, content)
            .map_err(|err| format!("cannot write `{}`: {err}", path.display()))?;
        bytes.fetch_add(content.len() as u64, Ordering::Relaxed);
        files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    };
    let render_template = |name: &str, context: &tera::Context| {
        theme
            .tera
            .render(name, context)
            .map_err(|err| format!("template `{name}` failed: {}", describe(&err)))
    };
    site.planned.par_iter().try_for_each(|planned| {
        let body = planned
            .page
            .text
            .get(planned.page.body_start..)
            .unwrap_or("");
        let rendered = render(body, &site.includes_for(planned.page));
        let context = site.page_context(planned, rendered);
        put(
            &planned.url,
            render_template("page.html", &context)?.as_bytes(),
        )
    })?;
    for locale in &site.docs.locales {
        put(
            &format!("{locale}/index.html"),
            render_template("locale_home.html", &site.locale_home_context(locale))?.as_bytes(),
        )?;
        let index = site.search_index(locale);
        put(&format!("{locale}/search-index.json"), index.as_bytes())?;
        put(
            &format!("{locale}/search-index.js"),
            format!("window.SXSDOC_SEARCH = {index};\n").as_bytes(),
        )?;
    }
    put(
        "index.html",
        render_template("home.html", &site.home_context())?.as_bytes(),
    )?;
    put(
        "report.html",
        render_template("report.html", &site.report_context())?.as_bytes(),
    )?;
    put("sitemap.xml", site.sitemap().as_bytes())?;
    for (name, content) in &theme.assets {
        put(&format!("assets/{name}"), content.as_bytes())?;
    }
    Ok(BuildReport {
        pages: site.planned.len(),
        files: files.load(Ordering::Relaxed) as usize,
        bytes: bytes.load(Ordering::Relaxed),
        notes: site.notes.clone(),
    })
}
