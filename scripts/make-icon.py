#!/usr/bin/env python3
"""Writes resources/icons/threadlens.svg: three thread lanes with state blocks in the
timeline's Okabe-Ito colours, a hatched 'blocked' span and a replay cursor.

The hatching is drawn as clipped stripes, not an SVG <pattern>: Qt's SVG renderer (SVG Tiny
1.2) supports neither patterns nor clip paths, and the icon must look the same in the app.
Render the PNG with scripts/make-icon.sh."""
import pathlib

GREEN, SKY, ORANGE, VERMILLION, BLUE = "#009E73", "#56B4E9", "#E69F00", "#D55E00", "#0072B2"


def clip(poly, x0, y0, x1, y1):
    """Sutherland-Hodgman clip of a convex polygon to an axis-aligned rectangle."""
    def edge(pts, inside, cross):
        out = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(cross(q, p))
                out.append(p)
            elif inside(q):
                out.append(cross(q, p))
        return out

    def xcross(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def ycross(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    for inside, cross in ((lambda p: p[0] >= x0, xcross(x0)), (lambda p: p[0] <= x1, xcross(x1)),
                          (lambda p: p[1] >= y0, ycross(y0)), (lambda p: p[1] <= y1, ycross(y1))):
        poly = edge(poly, inside, cross)
        if not poly:
            return []
    return poly


def block(x, w, y, colour, hatch=None):
    h = 34
    s = f'  <rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{colour}"/>\n'
    if hatch:
        inset = 3  # keeps the stripes off the rounded corners
        for k in range(-h, w + h, 11):
            stripe = [(x + k, y + h), (x + k + 5, y + h), (x + k + 5 + h, y), (x + k + h, y)]
            pts = clip(stripe, x + inset, y + inset, x + w - inset, y + h - inset)
            if len(pts) >= 3:
                d = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
                s += f'  <polygon points="{d}" fill="{hatch}"/>\n'
    return s


svg = ['<?xml version="1.0" encoding="UTF-8"?>\n',
       '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n',
       '  <title>ThreadLens</title>\n',
       '  <defs>\n',
       '    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">\n',
       '      <stop offset="0" stop-color="#33465f"/>\n',
       '      <stop offset="1" stop-color="#1a2433"/>\n',
       '    </linearGradient>\n',
       '  </defs>\n',
       '  <rect x="8" y="8" width="240" height="240" rx="48" fill="url(#bg)"/>\n',
       # faint lane guides
       '  <rect x="30" y="52" width="196" height="42" rx="9" fill="#ffffff" fill-opacity="0.06"/>\n',
       '  <rect x="30" y="107" width="196" height="42" rx="9" fill="#ffffff" fill-opacity="0.06"/>\n',
       '  <rect x="30" y="162" width="196" height="42" rx="9" fill="#ffffff" fill-opacity="0.06"/>\n']
# lane 1: working, blocked on the lock (hatched), working
svg.append(block(34, 78, 56, GREEN))
svg.append(block(116, 54, 56, VERMILLION, hatch="#f6b48a"))
svg.append(block(174, 48, 56, GREEN))
# lane 2: waiting, working, io
svg.append(block(34, 38, 111, SKY))
svg.append(block(76, 96, 111, GREEN))
svg.append(block(176, 46, 111, ORANGE))
# lane 3: working, waiting, working
svg.append(block(34, 58, 166, GREEN))
svg.append(block(96, 62, 166, SKY))
svg.append(block(162, 60, 166, GREEN))
# the replay cursor
svg.append('  <rect x="141" y="40" width="5" height="176" rx="2.5" fill="#ffffff"/>\n')
svg.append('  <polygon points="131,30 156,30 143.5,44" fill="#ffffff"/>\n')
svg.append('</svg>\n')

out = pathlib.Path(__file__).resolve().parent.parent / "resources" / "icons" / "threadlens.svg"
out.write_text("".join(svg))
print(out)
