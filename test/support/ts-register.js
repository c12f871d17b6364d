/**
 * Runs the TypeScript sources in a child process, as tests spawn a CLI (`node -r
 * ./test/support/ts-register.js apps/api/src/cli/….ts`): each .ts file is transpiled on require
 * with the repository's compiler options (decorator metadata included, which Nest's injection
 * needs and esbuild does not emit), and `@opc/<lib>` resolves to `libs/<lib>/src` as in
 * tsconfig.json. No type checking: `tsc --noEmit` does that.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.join(__dirname, '..', '..');
const configFile = path.join(root, 'tsconfig.json');
const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root, configFile);
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false };

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@opc\/([a-z-]+)(?:\/(.+))?$/.exec(request);
  const target = lib ? path.join(root, 'libs', lib[1], 'src', lib[2] ?? '') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
