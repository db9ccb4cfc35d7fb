import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { classify, SOFTMAX_CODEC, trainSoftmax, type SoftmaxModel } from '../../language/model/softmaxModel';
import { trainedOnce } from '../../language/model/trainedOnce';

const CACHE_DIR = path.resolve(__dirname, '../../../node_modules/.cache/linea-language-models');

const ROWS = [
    { features: ['agua', 'casa'], label: 'flood' },
    { features: ['fuego', 'casa'], label: 'fire' },
    { features: ['agua', 'calle'], label: 'flood' },
    { features: ['humo', 'fuego'], label: 'fire' }
];

describe('trained language models kept between processes', () => {
    const name = `cache-test-${process.pid}`;
    let trainings = 0;
    const train = (rows: typeof ROWS) => (): SoftmaxModel => {
        trainings++;
        return trainSoftmax(rows, { epochs: 5 });
    };
    const files = (): string[] => (fs.existsSync(CACHE_DIR) ? fs.readdirSync(CACHE_DIR).filter((f) => f.startsWith(`${name}-`)) : []);

    afterEach(() => {
        for (const file of files()) fs.rmSync(path.join(CACHE_DIR, file), { force: true });
        trainings = 0;
    });

    it('trains once for the same rows and reads the same weights back', () => {
        const first = trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        const second = trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        expect(trainings).to.equal(1);
        for (const features of [['agua'], ['fuego', 'humo'], ['casa'], ['nada']])
            expect(classify(second, features)).to.deep.equal(classify(first, features));
        expect(files()).to.have.length(1);
    });

    it('trains anew when the rows change, and keeps the newest few versions only', () => {
        trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        const more = [...ROWS, { features: ['viento', 'techo'], label: 'storm' }];
        const model = trainedOnce(name, more, train(more), SOFTMAX_CODEC);
        expect(trainings).to.equal(2);
        expect(model.labels).to.include('storm');
        // the first version is still there (another checkout may be using it)...
        trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        expect(trainings).to.equal(2);
        // ...until four newer ones have been written
        for (let extra = 0; extra < 4; extra++) {
            const rows = [...ROWS, { features: [`palabra${extra}`], label: 'flood' }];
            trainedOnce(name, rows, train(rows), SOFTMAX_CODEC);
        }
        expect(files()).to.have.length(4);
    });

    it('trains again over a file that is not a model it wrote', () => {
        trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        const [file] = files();
        fs.writeFileSync(path.join(CACHE_DIR, file), '{"labels":["x"],"features":["agua"],"bias":"AAAA","weights":"A"}');
        const model = trainedOnce(name, ROWS, train(ROWS), SOFTMAX_CODEC);
        expect(trainings).to.equal(2);
        expect(classify(model, ['fuego']).label).to.equal('fire');
    });
});
