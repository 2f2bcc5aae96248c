/**
 * Knowledge-question frames every subject shares. Because they appear with every subject's topics,
 * the model learns nothing about the label from the frame itself and has to use the topic words.
 */
export const SHARED_FRAMES: readonly string[] = [
  'What is {topic}?',
  'Can you explain {topic}?',
  'explain {topic} like im five',
  "I don't really get {topic}. Can you help?",
  'Give me a short summary of {topic}.',
  'What are the key ideas behind {topic}?',
  'How would you teach {topic} to a complete beginner?',
  "What's a common misconception about {topic}?",
  'Write me some study notes on {topic}.',
  'quick question about {topic} — what is the gist?',
  'Compare {topic} with {topic2}.',
  "What's the difference between {topic} and {topic2}?",
  'What should I read to understand {topic} better?',
  'I have an exam on {topic} tomorrow. What are the most important points?',
  'Can you give me an example of {topic}?',
  'Why does {topic} matter?',
  'How is {topic} related to {topic2}?',
  'Explain {topic} in two sentences.',
  'What are the pros and cons of {topic}?',
  'My teacher mentioned {topic} today but I was lost. Can you go over it?',
  'Give me three quiz questions about {topic} with answers.',
  'Is {topic} still relevant today?',
  'What do experts disagree about when it comes to {topic}?',
  'tell me about {topic}',
  'I need a simple explanation of {topic} for a presentation.',
  'Break down {topic} step by step.',
  'what does {topic} actually mean',
  'Could you summarize the main points of {topic} in bullet points?',
];

/** Openers and closers that carry no label signal; they add the register and length of real prompts. */
export const NEUTRAL_OPENERS: readonly string[] = [
  'Quick question: ', 'Hey, ', 'Hi! ', 'Sorry if this is dumb, but ', 'For a class assignment: ', 'Honest question — ',
  'My friend and I were arguing about this. ', 'I have been wondering: ', 'ok so ', 'Hello, ', 'Need help: ',
  "I'm curious, ", 'Can I ask something? ', 'Random thought: ', 'Please help. ', 'Good morning. ',
];

export const NEUTRAL_CLOSERS: readonly string[] = [
  ' Keep it short.', ' Please explain step by step.', ' Use bullet points.', ' Thanks in advance!', ' thx',
  ' Be concise please.', ' I would appreciate a detailed answer.', ' No jargon please.', ' Thanks!',
  ' Explain like I am a beginner.', ' pls', ' Give me the short version first.', ' Any help is appreciated.',
];
