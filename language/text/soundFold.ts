/**
 * A word as it sounds in Argentine Spanish, so the spellings citizens mix up read alike: b/v ("bengan"), s/z/soft c
 * ("nesesito", "asequia"), ll/y ("se callo", "yevaron"), soft g/j ("urjente"), a silent h ("ay" / "hay"), qu/k
 * ("kiero"), double letters. The statistical readers compare stems folded this way: a spelling never seen in
 * training still meets the weights of the word it sounds like.
 */
export function soundFold(word: string): string {
    return word
        .replace(/v/g, 'b')
        .replace(/z/g, 's')
        .replace(/c([ei])/g, 's$1')
        .replace(/g([ei])/g, 'j$1')
        .replace(/ll/g, 'y')
        .replace(/qu([ei])/g, 'k$1')
        .replace(/c([aou])/g, 'k$1')
        .replace(/^h/, '')
        .replace(/(?<=[aeiou])h/g, '')
        .replace(/(\p{L})\1+/gu, '$1');
}
