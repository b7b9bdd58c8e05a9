/*
 * rendering.h - a policy's page (live, or a Wayback capture) rendered by
 * the browser adapter (fetch/render.h) with what the policy says: the
 * selector to wait for, the language to ask for.
 *
 * pd_rendering_wait_css() is the CSS a render waits for: the recipe's first
 * select (a range's start), or NULL.  pd_rendering_wayback() renders
 * capture timestamp of url as a browser loads it from the Wayback Machine
 * (pd_wayback_render_url: its scripts and data are the captures nearest
 * it), with recipe r's selector and the language given; the DOM comes back
 * in *out as render.h says, status 200 when the archive answered
 * (a capture is what was archived, an error page of the original site was
 * never listed as 200).
 *
 * Ownership: inputs borrowed; *out as pd_render_page() fills it.
 * Errors: pd_render_page()'s, PD_ENOMEM.
 */
#ifndef PD_RENDERING_H
#define PD_RENDERING_H

#include "fetch/render.h"
#include "fetch/wayback.h"
#include "normalize/recipe.h"

const char *pd_rendering_wait_css(const pd_recipe *r);

int pd_rendering_wayback(pd_render_result *out, const pd_wayback *wb, const char *timestamp,
                         const char *url, const pd_recipe *r, const char *language,
                         const pd_render_options *o);

#endif
