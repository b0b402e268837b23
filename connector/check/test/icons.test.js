// The committed icons are valid PNGs at every SDK size and are exactly what tools/make-icons.js draws.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { readPng, rgbaPixels } = require("../lib/png");
const { renderIcon, iconPath, SIZES } = require("../../tools/make-icons");
const { ICON_SIZES } = require("../lib/connector");

test("the generator draws every size the Power Query SDK expects", () => {
    assert.deepEqual(SIZES, ICON_SIZES);
});

for (const size of ICON_SIZES) {
    test(`HarvestOData${size}.png is an 8-bit RGBA PNG of ${size}×${size} drawn by make-icons.js`, () => {
        const png = readPng(fs.readFileSync(iconPath(size)));
        assert.deepEqual([png.width, png.height, png.bitDepth, png.colourType], [size, size, 8, 6]);
        assert.ok(rgbaPixels(png).equals(renderIcon(size)), "regenerate with: node connector/tools/make-icons.js");
    });
}

test("a damaged PNG is rejected (the PNG check can fail)", () => {
    const bytes = Buffer.from(fs.readFileSync(iconPath(16)));
    bytes[40] ^= 0xff; // inside the IDAT chunk
    assert.throws(() => readPng(bytes), /bad CRC/);
    assert.throws(() => readPng(Buffer.from("GIF89a")), /not a PNG/);
});
