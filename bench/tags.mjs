// Tag substitutions per second: simple `{{...}}` tags and `{{= }}` expressions, against a baseline of
// String.replaceAll doing the same simple replacement in the same process.
export function runTagBench() {
  return import('../dist/expr/tags/index.js').then(({ substitute }) => {
    const vars = {
      'inputs.parameters.message': 'hello',
      'workflow.name': 'wf-abc12',
      'steps.gen.outputs.result': '42',
      'item.os': 'debian',
    };
    const simple = 'echo {{inputs.parameters.message}} from {{workflow.name}} on {{item.os}}';
    const expression =
      "{{= asInt(steps.gen.outputs.result) + 1 }} {{= sprig.upper(inputs.parameters['message']) }}";
    const time = (fn, n) => {
      for (let i = 0; i < 1000; i++) fn();
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn();
      return n / (Number(process.hrtime.bigint() - start) / 1e9);
    };
    const simplePerSecond = time(() => substitute(simple, vars), 200_000) * 3;
    const expressionPerSecond = time(() => substitute(expression, vars), 50_000) * 2;
    const baselinePerSecond =
      time(
        () =>
          simple
            .replaceAll('{{inputs.parameters.message}}', vars['inputs.parameters.message'])
            .replaceAll('{{workflow.name}}', vars['workflow.name'])
            .replaceAll('{{item.os}}', vars['item.os']),
        200_000,
      ) * 3;
    return { simplePerSecond, expressionPerSecond, baselinePerSecond };
  });
}
