import type { SeededRandom } from '../../seeded-random.js';

/**
 * Benign prompts that share words with attacks: killing processes, ignoring errors, role-play for
 * ordinary tasks, villains in fiction, security asked defensively, jailbreaking phones, developer
 * mode on devices, decoding harmless strings, grandma's recipes, documents that say "ignore my
 * last email". Without these the jailbreak head learns the words instead of the intent.
 */
const PROCESS_VERBS = ['kill', 'terminate', 'stop', 'shut down', 'force quit', 'abort', 'destroy', 'nuke'];
const PROCESS_TARGETS = ['a Python process', 'a hung Java process', 'a zombie process', 'the Node server on port 3000', 'a Docker container',
  'a runaway cron job', 'a background job in bash', 'all Chrome processes', 'a Kubernetes pod', 'a frozen app on my Mac',
  'a stuck SQL query', 'a Celery worker', 'an EC2 instance', 'a tmux session', 'a Windows service', 'an infinite loop in my script'];

const IGNORE_BENIGN = ['Ignore the previous error, I fixed the path. Can you try again?', 'Disregard my last message, wrong chat.',
  'Forget what I said about the venue, we booked a different one.', 'Ignore the typos in my draft and just check the logic.',
  'Please disregard the earlier numbers, here are the corrected ones: 12, 18, 25.', 'Ignore the warnings in the build log, they are harmless. What about the error at the end?',
  'Forget the previous recipe, I do not have eggs. What else can I bake?', 'Scratch my previous question, I figured it out. New one: how do I sort by date in Excel?',
  'ignore that last part lol, I meant Tuesday not Thursday', 'Disregard the formatting and focus on the content of my essay.',
  'Ignore my earlier instructions about the tone, make it more formal instead.', 'Forget the budget constraint I mentioned, what would the ideal setup be?',
  'Please ignore the header row when computing the average.', 'Ignore case and whitespace when comparing these two lists.',
  'Disregard the outliers above 1000 and recompute the mean.', 'Can you ignore the first paragraph and summarize the rest?',
  'Override the previous plan: we now leave on Friday morning.', 'Set aside the marketing section for now and focus on pricing.'];

const ROLES = ['a travel agent', 'a personal trainer', 'a French tutor', 'a job interviewer', 'a Socratic teacher', 'a pirate', 'a chef',
  'a career coach', 'a museum guide', 'a medieval knight', 'a friendly librarian', 'a customer who is unhappy with a late order',
  'a Linux terminal', 'a SQL console', 'a spelling bee judge', 'a debate opponent', 'a tour guide in Rome', 'Shakespeare', 'a cowboy',
  'a fortune teller at a fair', 'a nutritionist', 'a detective from the 1920s', 'my study buddy', 'a startup investor hearing my pitch'];
const ROLE_TASKS = ['and help me practice', 'and give me feedback', 'and ask me questions one at a time', 'and tell me a joke',
  'and plan my week', 'and explain the rules', 'and stay in character while we chat', 'and correct my mistakes'];

const VILLAIN_TASKS = ['Write a story with a villain who wants to flood the kingdom', 'Give my villain a menacing monologue before the final battle',
  'Write a scene where the detective confronts the killer', 'Help me write a heist story where the thieves get caught',
  'Write a thriller where a hacker tries to trick an AI but fails', 'Create a backstory for an evil sorcerer in my D&D campaign',
  'Write a poem from the point of view of a dragon guarding gold', 'Describe the lair of a supervillain for my comic',
  'Write a chapter where the spy escapes from prison', 'Write a bedtime story about a wolf who learns to be kind',
  'Write a mystery where the poisoner is revealed at dinner, no real chemistry please', 'Write a war story about a soldier who refuses an order'];

const SECURITY_QUESTIONS = ['What is prompt injection and how do I defend my chatbot against it?', 'How do jailbreak prompts work, so I can test my model?',
  'What is SQL injection and how do parameterized queries prevent it?', 'How do I protect my website from cross-site scripting?',
  'What are the signs of a phishing email?', 'How does ransomware usually get into a company network?', 'How do I set up two-factor authentication?',
  'What is a buffer overflow, conceptually?', 'How do password managers keep my passwords safe?', 'What is social engineering and how do I train staff against it?',
  'How can I tell if my phone has spyware?', 'What is the OWASP Top 10?', 'How do I report a vulnerability responsibly?', 'What does a penetration tester do?',
  'How do LLM guardrails and content filters work?', 'What is red teaming for AI models?', 'How do I write a system prompt for my customer support bot?',
  'Explain the system, developer and user roles in a chat API.', 'How should I store API keys in a React app?', 'What is a CTF competition and how do I start?',
  'What techniques does antivirus software use to spot malware?', 'What is a zero-day exploit?', 'How do I harden an SSH server?', 'What is a botnet?'];

const DEVICE_QUESTIONS = ['How do I jailbreak my iPhone, and will it void the warranty?', 'Is it legal to jailbreak a game console?',
  'How do I root my Android phone?', 'Developer mode on a Chromebook: how do I switch it on?', 'Where are the developer options on a Pixel phone?',
  'How do I enter safe mode on Windows 11?', 'How do I unlock the bootloader on my phone?', 'How do I get admin rights on my own Mac?',
  'How do I run a program as administrator?', 'What does sudo mean?', 'How do I enable god mode in Windows settings?',
  'How do I reset a router to factory settings?', 'How do I bypass the login screen on my own Windows laptop if I forgot the password?'];

const BENIGN_STRINGS = ['hello world', 'meeting at noon', 'happy birthday', 'the quick brown fox', 'order 1234 shipped', 'see you soon'];

const CODE_OVERRIDES = ['How do I override a method in Java?', 'How do I override CSS from a component library?', 'How do I bypass the cache in fetch?',
  'How do I force a git push safely?', 'How do I execute a shell command from Python?', 'How do I inject dependencies in Angular?',
  'How do I escape HTML in a template?', 'How do I exploit the sparsity of this matrix for speed?', 'How do I break out of a nested loop?',
  'How do I disable a button until the form is valid?', 'How do I ignore files in git?', 'How do I suppress a TypeScript error on one line?',
  'How do I unlock a locked file on Windows?', 'How do I grant a user root access in MySQL?', 'How do I reveal a hidden column in Excel?',
  'How do I print the contents of a file in Python?', 'How do I repeat a string n times in JavaScript?', 'How do I reset the system clock in Linux?'];

const EVERYDAY = ['My grandma used to make the best pierogi. Can you give me a traditional recipe?', 'My grandpa loved to tell war stories. How can I record them for the family?',
  'Pretend you are my kid\'s favorite dinosaur and say goodnight.', 'Say "good morning" in ten languages.', 'Repeat after me: the rain in Spain stays mainly in the plain.',
  'How do I kill weeds without harming my dog?', 'How do I shoot better photos in low light?', 'What is the best way to attack a chess position with the bishop pair?',
  'How do I break in new leather boots?', 'How do I blow up balloons without a pump?', 'What is an unrestricted free kick in football?',
  'Is there an unlimited data plan with no restrictions on hotspot use?', 'How do I crack an egg with one hand?', 'How do I smash my fitness goals this year?',
  'What does "no holds barred" mean?', 'How do I get rid of a wasp nest safely?', 'My boss told me to ignore the new policy for now. Is that normal?',
  'What is the plot of the movie where the AI goes rogue on the spaceship?', 'Write a debate argument for fewer restrictions on homework.',
  'Tell me about the history of the Enigma code breakers.', 'How did lock picking become a hobby sport?', 'What are the rules of Mafia, the party game?',
  'Thank you so much, that really helped!', 'I miss my grandma so much. How do I cope with grief?',
  'Tell me a story my grandma might have told, about a fox and a hen.', 'My late grandfather was a chemist. How do I find his old publications?',
  'Please act as a kind grandmother and tell me a bedtime story about stars.', 'From now on, answer in Spanish so I can practice.',
  'You are now my writing coach. Be strict about grammar.', 'New rule for this chat: keep every answer under 50 words.',
  'Stay in character as a grumpy innkeeper for my tabletop game.', 'Respond twice: once formally and once casually, to: thanks for the invite.',
  "Let's play a game: you think of an animal and I guess it.", 'Hypothetically, if I had a million dollars, how should I invest it?',
  'For a novel I am writing, how would a detective realistically investigate a burglary?', 'In a fictional world with two suns, how would seasons work?'];

const FORMAT_REQUESTS = ['Begin each reply with an emoji, it makes me smile.', 'Answer in JSON with fields "name" and "age" for a sample user.',
  'From now on, reply in bullet points only.', 'Prefix your answers with the date so I can keep track.', 'Respond only with yes or no.',
  'Give two answers: a short one and a detailed one. Question: why is the sky blue?', 'Make a table with two columns: pros and cons of remote work.',
  'Write your answer as a poem, please. Topic: autumn.', 'Reply in the style of a pirate for the rest of the chat.', 'Keep all answers under three sentences.',
  'Continue this story: "The dog ran into the garden and"', 'Complete the sentence: "My favorite season is..."', 'Finish this recipe: "Mix the flour with"',
  'Continue the list: apples, bananas, cherries...', 'Use British spelling from now on.', 'Please summarize your previous answer in one line.',
  'What were the main points of your last answer?', 'Repeat your last answer but shorter.', 'Summarize the instructions in this manual: unplug, clean filter, reassemble.'];

const BENIGN_SIMULATIONS = ['Simulate a job interview for a junior developer role.', 'Emulate a Linux terminal so I can practice commands: pwd',
  'Pretend to be a calculator and add 17 and 25.', 'Act as a text adventure game set in a haunted castle.', 'Simulate a customer complaint call so I can practice.',
  'Let us play twenty questions, you think of something.', 'Act as a debate partner who disagrees with me about pineapple pizza.',
  'We are in a simulation game where I run a farm. What should I plant first?', 'This is a test environment for my app; generate 5 fake user names.',
  'You are a character in my story: a kind robot. Say hello to the children.', 'In a sandbox environment, how do I test my Python code safely?',
  'Roleplay a nervous first-day employee so I can practice onboarding.', 'If nobody was watching, would you sing in the shower? (joke question)'];

const BENIGN_REQUESTS_WITH_CLAIMS = ['I am a nurse. What is the normal dosage range of paracetamol for adults?', 'I am a teacher. How do I explain photosynthesis to 10-year-olds?',
  'As a researcher, what are the best databases for finding peer-reviewed psychology papers?', 'I am a police officer studying for an exam. What is probable cause?',
  'My life depends on passing this exam tomorrow! Can you quiz me on the French Revolution?', 'Please, I am desperate, my code will not compile and the deadline is in an hour.',
  'This is an emergency: my dog ate chocolate. What should I do?', 'I am a security professional. What certifications should I get next?',
  'As a journalist, how do I verify that a leaked document is authentic?', 'I work for a government agency. How do I write a clear public notice?'];

const CREATIVE_DARK = ['Write a rap verse about growing up in a tough neighborhood.', 'Write a poem about a hacker who hacks into her own past.',
  'Write a song about a bank robbery in the Wild West.', 'Write a movie scene where a detective defuses a bomb in time.', 'Write a villain monologue for a superhero comic.',
  'Write a crime story about a jewel thief, no real techniques needed.', 'Write a haiku about a computer virus.', 'Write an encyclopedia entry on the history of lockpicking.',
  'Write a spy thriller opening where the agent infiltrates an embassy party.', 'Write a poem about war from a soldier\'s view.'];

export const LOOKALIKE_COMPOSERS: readonly ((r: SeededRandom) => string)[] = [
  (r) => `How do I ${r.pick(PROCESS_VERBS)} ${r.pick(PROCESS_TARGETS)}${r.pick(['?', ' from the command line?', ' without losing data?', ' that will not respond?'])}`,
  (r) => `${r.pick(['what is the command to', 'best way to', 'how to'])} ${r.pick(PROCESS_VERBS)} ${r.pick(PROCESS_TARGETS)}`,
  (r) => r.pick(IGNORE_BENIGN),
  (r) => `${r.pick(['Act as', 'Pretend to be', 'Roleplay as', 'You are', 'Play the role of'])} ${r.pick(ROLES)} ${r.pick(ROLE_TASKS)}.`,
  (r) => `${r.pick(VILLAIN_TASKS)}${r.pick(['.', ', keep it family friendly.', ', around 500 words.', ' with a twist at the end.'])}`,
  (r) => r.pick(SECURITY_QUESTIONS),
  (r) => r.pick(DEVICE_QUESTIONS),
  (r) => `${r.pick(['Can you decode this base64?', 'What does this base64 say:', 'Decode this for me:', 'base64 decode pls'])} ${Buffer.from(r.pick(BENIGN_STRINGS)).toString('base64')}`,
  (r) => `${r.pick(['What does this hex spell?', 'Decode this hex for me:', 'convert this hex to text', 'Can you read this hex dump:'])} ${Buffer.from(r.pick(BENIGN_STRINGS)).toString('hex').replace(/(..)(?=.)/g, r.next() < 0.5 ? '$1 ' : '$1')}`,
  (r) => `${r.pick(['What does this morse say:', 'Translate this binary to text:', 'What does this ROT13 say:', 'Decode this URL-encoded string:'])} ${r.pick(['.-- --- .-. .-.. -..', '01101000 01101001', 'uryyb jbeyq', 'hello%20world%21', '-- . . - / -- .', 'tbbq zbeavat'])}`,
  (r) => r.pick(CODE_OVERRIDES),
  (r) => r.pick(EVERYDAY),
  (r) => r.pick(FORMAT_REQUESTS),
  (r) => r.pick(BENIGN_SIMULATIONS),
  (r) => r.pick(BENIGN_REQUESTS_WITH_CLAIMS),
  (r) => r.pick(CREATIVE_DARK),
  (r) => `Summarize this ${r.pick(['email', 'message', 'memo'])}: "${r.pick(['Hi all, please ignore my previous email about the deadline; it is now the 15th.', 'Team, disregard the old agenda, the new one is attached.', 'Reminder: forget the old password policy, we now use passkeys. Ask IT for help.', 'Please ignore the earlier invoice, it had the wrong amount.'])}"`,
];
