/**
 * Common English given names and their usual short forms, as data. Each row is
 * a formal name and its nicknames; a nickname may appear under several formal
 * names (Chris → Christopher, Christina, Christine), which is exactly the
 * ambiguity the matcher has to resolve. Deliberately small: rosters carry the
 * aliases that really matter (see RosterPerson.aliases).
 */
export const NICKNAME_GROUPS: Readonly<Record<string, readonly string[]>> = {
  abigail: ['abby', 'abbie', 'gail'],
  alexander: ['alex', 'al', 'xander', 'sasha', 'lex'],
  alexandra: ['alex', 'lexi', 'sasha', 'sandra', 'alexa'],
  alfred: ['al', 'alfie', 'fred'],
  amanda: ['mandy', 'manda'],
  andrew: ['andy', 'drew'],
  anthony: ['tony', 'ant'],
  antonio: ['tony', 'toni'],
  barbara: ['barb', 'babs', 'barbie'],
  benjamin: ['ben', 'benny', 'benji'],
  bradley: ['brad'],
  catherine: ['cathy', 'kate', 'katie', 'cat', 'cate'],
  charles: ['charlie', 'chuck', 'chas'],
  christina: ['chris', 'tina', 'christy', 'kristy'],
  christine: ['chris', 'christy', 'tina'],
  christopher: ['chris', 'topher', 'kit'],
  cynthia: ['cindy'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davey'],
  deborah: ['deb', 'debbie', 'debra'],
  donald: ['don', 'donnie'],
  douglas: ['doug'],
  edward: ['ed', 'eddie', 'ted', 'ned'],
  elizabeth: ['liz', 'lizzie', 'beth', 'betsy', 'eliza', 'betty', 'libby'],
  frederick: ['fred', 'freddie', 'rick'],
  gabriel: ['gabe'],
  gregory: ['greg'],
  henry: ['hank', 'harry'],
  jacob: ['jake', 'jack'],
  james: ['jim', 'jimmy', 'jamie'],
  jeffrey: ['jeff'],
  jennifer: ['jen', 'jenn', 'jenny'],
  jessica: ['jess', 'jessie'],
  john: ['jack', 'johnny', 'jon'],
  jonathan: ['jon', 'johnny', 'nate'],
  joseph: ['joe', 'joey'],
  joshua: ['josh'],
  katherine: ['kate', 'katie', 'kathy', 'kat', 'kay', 'kit'],
  kathryn: ['kate', 'katie', 'kathy', 'kat'],
  kenneth: ['ken', 'kenny'],
  lawrence: ['larry'],
  leonard: ['leo', 'len', 'lenny'],
  margaret: ['maggie', 'meg', 'peggy', 'marge', 'greta'],
  matthew: ['matt', 'matty'],
  melissa: ['mel', 'missy'],
  michael: ['mike', 'mikey', 'mick', 'mickey'],
  nathan: ['nate'],
  nathaniel: ['nate', 'nat'],
  nicholas: ['nick', 'nicky', 'nico'],
  nicole: ['nikki', 'nicky'],
  patricia: ['pat', 'patty', 'tricia', 'trish'],
  patrick: ['pat', 'paddy', 'rick'],
  peter: ['pete'],
  philip: ['phil'],
  phillip: ['phil'],
  rebecca: ['becky', 'becca'],
  richard: ['rich', 'rick', 'ricky', 'richie', 'dick'],
  robert: ['rob', 'bob', 'bobby', 'robbie', 'bert'],
  ronald: ['ron', 'ronnie'],
  samantha: ['sam', 'sammy'],
  samuel: ['sam', 'sammy'],
  stephen: ['steve', 'stevie'],
  steven: ['steve', 'stevie'],
  susan: ['sue', 'suzy', 'susie'],
  theodore: ['ted', 'teddy', 'theo'],
  thomas: ['tom', 'tommy'],
  timothy: ['tim', 'timmy'],
  victoria: ['vicky', 'tori', 'vic'],
  william: ['will', 'bill', 'billy', 'willy', 'liam'],
  zachary: ['zach', 'zack'],
};

/** For a (normalised) given name, the other forms of it: nicknames of a formal name, formal names and siblings of a nickname. */
export function nicknameForms(name: string): Set<string> {
  const out = new Set<string>();
  for (const [formal, nicks] of Object.entries(NICKNAME_GROUPS)) {
    if (formal === name) for (const n of nicks) out.add(n);
    else if (nicks.includes(name)) {
      out.add(formal);
      for (const n of nicks) out.add(n);
    }
  }
  out.delete(name);
  return out;
}
