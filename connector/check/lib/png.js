// A strict PNG reader: signature, chunk CRCs, IHDR, and IDAT that inflates to exactly the declared image.
"use strict";

const zlib = require("node:zlib");
const { crc32 } = require("../../tools/make-icons");

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes a PNG's structure; throws naming what is wrong. Returns {width, height, colourType, bitDepth, raw}. */
function readPng(buffer) {
    if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG (bad signature)");
    let offset = 8;
    let header;
    const data = [];
    let ended = false;
    while (offset < buffer.length) {
        if (offset + 12 > buffer.length) throw new Error("truncated chunk");
        const length = buffer.readUInt32BE(offset);
        const type = buffer.toString("ascii", offset + 4, offset + 8);
        const end = offset + 8 + length;
        if (end + 4 > buffer.length) throw new Error(`truncated ${type} chunk`);
        const crc = buffer.readUInt32BE(end);
        if (crc32(buffer.subarray(offset + 4, end)) !== crc) throw new Error(`${type} chunk has a bad CRC`);
        const body = buffer.subarray(offset + 8, end);
        if (type === "IHDR") {
            header = {
                width: body.readUInt32BE(0),
                height: body.readUInt32BE(4),
                bitDepth: body[8],
                colourType: body[9],
                interlace: body[12],
            };
        } else if (type === "IDAT") {
            data.push(body);
        } else if (type === "IEND") {
            ended = true;
        }
        offset = end + 4;
        if (ended) break;
    }
    if (!header) throw new Error("no IHDR chunk");
    if (!ended) throw new Error("no IEND chunk");
    if (offset !== buffer.length) throw new Error("bytes after IEND");
    if (data.length === 0) throw new Error("no IDAT chunk");
    const channels = CHANNELS[header.colourType];
    if (!channels) throw new Error(`unknown colour type ${header.colourType}`);
    if (header.interlace !== 0) throw new Error("interlaced PNGs are not expected here");
    const raw = zlib.inflateSync(Buffer.concat(data));
    const stride = Math.ceil((header.width * channels * header.bitDepth) / 8);
    if (raw.length !== header.height * (stride + 1)) {
        throw new Error(`image data is ${raw.length} bytes, expected ${header.height * (stride + 1)}`);
    }
    return { ...header, raw, stride };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (undoes the per-row filters). */
function rgbaPixels(png) {
    if (png.colourType !== 6 || png.bitDepth !== 8) throw new Error("expected 8-bit RGBA");
    const { width, height, raw, stride } = png;
    const out = Buffer.alloc(width * height * 4);
    const bpp = 4;
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        const prior = y > 0 ? out.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
        const current = out.subarray(y * stride, (y + 1) * stride);
        for (let x = 0; x < stride; x++) {
            const a = x >= bpp ? current[x - bpp] : 0;
            const b = prior[x];
            const c = x >= bpp ? prior[x - bpp] : 0;
            let predictor;
            if (filter === 0) predictor = 0;
            else if (filter === 1) predictor = a;
            else if (filter === 2) predictor = b;
            else if (filter === 3) predictor = (a + b) >> 1;
            else if (filter === 4) {
                const p = a + b - c;
                const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
                predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            } else throw new Error(`row ${y} has unknown filter ${filter}`);
            current[x] = (row[x] + predictor) & 0xff;
        }
    }
    return out;
}

module.exports = { readPng, rgbaPixels };
