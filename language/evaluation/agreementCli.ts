import { loadCorpus } from '../corpus/loadCorpus';
import { formatAgreement, loadAnnotations, measureAgreement } from './agreement';
import { languageLayer } from './languageLayer';
import { splitCorpus } from './split';

/**
 * `npm run eval:agreement`: how far independent annotators agree with the corpus's labels, with each other and with
 * the language layer, on the test-split rows they labelled (language/corpus/agreement/README.md).
 */
const annotators = loadAnnotations();
process.stdout.write(`${formatAgreement(measureAgreement(splitCorpus(loadCorpus()).test, annotators, languageLayer))}\n`);
