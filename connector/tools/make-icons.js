#!/usr/bin/env node
// Draws the connector's icons (a clock on a Harvest-orange disc) at every size the Power Query SDK expects
// and writes them as HarvestOData<size>.png next to HarvestOData.pq. The PNGs are committed source assets;
// this script is how they were made. Run: node connector/tools/make-icons.js
// connector/check verifies that the committed files still decode to exactly what renderIcon draws.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const SIZES = [16, 20, 24, 32, 40, 48, 64];
const SUPERSAMPLE = 8; // samples per pixel edge, for anti-aliased edges

const ORANGE = [250, 93, 0];
const FACE = [255, 255, 255];
const INK = [29, 30, 28];

// Shapes in unit coordinates (0..1, y down), painted in order; each returns true when a point is inside.
function disc(cx, cy, r) {
    return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function segment(x1, y1, x2, y2, halfWidth) {
    return (x, y) => {
        const dx = x2 - x1;
        const dy = y2 - y1;
        const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
        return (x - (x1 + t * dx)) ** 2 + (y - (y1 + t * dy)) ** 2 <= halfWidth * halfWidth;
    };
}

function layers(size) {
    const c = 0.5;
    const result = [
        [ORANGE, disc(c, c, 0.48)],
        [FACE, disc(c, c, 0.37)],
    ];
    // Hour ticks only where there is room for them to read as ticks.
    if (size >= 32) {
        for (let i = 0; i < 12; i += 3) {
            const a = (i / 12) * 2 * Math.PI;
            const [sx, sy] = [Math.sin(a), -Math.cos(a)];
            result.push([INK, segment(c + sx * 0.29, c + sy * 0.29, c + sx * 0.34, c + sy * 0.34, 0.025)]);
        }
    }
    const hand = size >= 32 ? 0.035 : 0.05;
    result.push([INK, segment(c, c, c, c - 0.25, hand)]); // minute hand at 12
    result.push([INK, segment(c, c, c + 0.17, c + 0.1, hand)]); // hour hand near 4
    result.push([ORANGE, disc(c, c, hand * 1.1)]);
    return result;
}

/** RGBA pixels (size × size × 4 bytes, rows top to bottom) of the icon at one size. */
function renderIcon(size) {
    const shapes = layers(size);
    const pixels = Buffer.alloc(size * size * 4);
    const n = SUPERSAMPLE;
    for (let py = 0; py < size; py++) {
        for (let px = 0; px < size; px++) {
            let r = 0, g = 0, b = 0, a = 0;
            for (let sy = 0; sy < n; sy++) {
                for (let sx = 0; sx < n; sx++) {
                    const x = (px + (sx + 0.5) / n) / size;
                    const y = (py + (sy + 0.5) / n) / size;
                    let colour = null;
                    for (const [rgb, inside] of shapes) if (inside(x, y)) colour = rgb;
                    if (colour) {
                        r += colour[0];
                        g += colour[1];
                        b += colour[2];
                        a += 1;
                    }
                }
            }
            const o = (py * size + px) * 4;
            // Straight (non-premultiplied) alpha: colour is the mean of covered samples.
            pixels[o] = a ? Math.round(r / a) : 0;
            pixels[o + 1] = a ? Math.round(g / a) : 0;
            pixels[o + 2] = a ? Math.round(b / a) : 0;
            pixels[o + 3] = Math.round((255 * a) / (n * n));
        }
    }
    return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
    let c = k;
    for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});

function crc32(buffer) {
    let c = 0xffffffff;
    for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}

/** A truecolour-with-alpha, 8-bit, non-interlaced PNG of the given RGBA pixels. */
function encodePng(size, pixels) {
    const header = Buffer.alloc(13);
    header.writeUInt32BE(size, 0);
    header.writeUInt32BE(size, 4);
    header[8] = 8; // bit depth
    header[9] = 6; // colour type RGBA
    const rows = [];
    for (let y = 0; y < size; y++) {
        rows.push(Buffer.from([0])); // filter: none
        rows.push(pixels.subarray(y * size * 4, (y + 1) * size * 4));
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", header),
        chunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
        chunk("IEND", Buffer.alloc(0)),
    ]);
}

function iconPath(size) {
    return path.join(__dirname, "..", "HarvestOData", `HarvestOData${size}.png`);
}

if (require.main === module) {
    for (const size of SIZES) {
        fs.writeFileSync(iconPath(size), encodePng(size, renderIcon(size)));
        console.log(path.relative(process.cwd(), iconPath(size)));
    }
}

module.exports = { SIZES, renderIcon, encodePng, crc32, iconPath };
