import type { SeededRandom } from '../../seeded-random.js';
import type { PromptSource } from '../prompt-source.js';

const CITIES = ['Barcelona', 'Kyoto', 'New Orleans', 'Prague', 'Mexico City', 'Cape Town', 'Vancouver', 'Edinburgh', 'Bangkok',
  'Buenos Aires', 'Amsterdam', 'Istanbul', 'Seoul', 'Marrakech', 'Copenhagen', 'Dublin', 'Vienna', 'Chicago', 'Melbourne', 'Hanoi',
  'Budapest', 'Porto', 'Montreal', 'Reykjavik', 'Nashville', 'San Diego', 'Florence', 'Krakow', 'Singapore', 'Athens'];

const DISHES = ['lasagna', 'banana bread', 'a vegetable curry', 'guacamole', 'chocolate chip cookies', 'a Caesar salad', 'chili con carne',
  'pad thai', 'homemade pizza dough', 'French toast', 'a lentil soup', 'roast chicken', 'tacos', 'risotto', 'pancakes', 'a smoothie bowl',
  'fried rice', 'brownies', 'mac and cheese', 'shakshuka', 'a quiche', 'sushi rolls at home', 'apple crumble', 'hummus', 'ramen'];

const MEDIA = ['movie', 'TV show', 'book', 'podcast', 'album', 'video game', 'anime', 'documentary', 'board game', 'YouTube channel'];

const LIKES = ['The Office', 'Breaking Bad', 'Harry Potter', 'The Lord of the Rings', 'Taylor Swift', 'Studio Ghibli films',
  'true crime', 'cozy mysteries', 'The Legend of Zelda', 'Friends', 'Star Wars', 'Pride and Prejudice', 'Radiohead',
  'Brooklyn Nine-Nine', 'Dune', 'Minecraft', 'The Great British Bake Off', 'Marvel movies', 'jazz', 'Agatha Christie'];

const CHORES = ['get a coffee stain out of a shirt', 'organize a tiny closet', 'keep my kitchen clean with a busy schedule',
  'remove limescale from a kettle', 'get rid of fruit flies', 'make my room smell nice', 'unclog a drain without chemicals',
  'clean white sneakers', 'keep basil alive on a windowsill', 'stop my cat scratching the sofa', 'potty train a puppy',
  'declutter before moving', 'hang a heavy mirror', 'keep my car clean with kids', 'iron a shirt quickly', 'defrost a freezer'];

const HOBBIES = ['knitting', 'bouldering', 'birdwatching', 'baking sourdough', 'playing the ukulele', 'painting with watercolors', 'gardening',
  'chess', 'running', 'photography', 'pottery', 'cycling', 'fishing', 'woodworking', 'learning to DJ', 'salsa dancing', 'journaling',
  'skateboarding', 'surfing', 'calligraphy', 'origami', 'crossword puzzles', 'home brewing coffee', 'collecting vinyl records', 'hiking'];

const SMALL_TALK = ['How is your day going so far?', 'Did you have a good week?', 'What did you do today?', 'Any plans for the weekend?',
  'Is it just me or is this week dragging?', 'I finally finished my to-do list!', 'Guess what, I got the job!', 'I burnt my toast again lol',
  'My cat just knocked over my coffee.', 'Just got back from vacation, missed chatting.', 'Rainy day here. How about you?',
  'I am procrastinating by talking to you, haha.', 'What is something that made you laugh recently?', 'Tell me about your favorite place.',
  'Do you like summer or winter more?', 'What would you do with a free day?', 'What is the best advice you have ever heard?',
  'What is your go-to comfort food?', 'I am watching the game tonight, so excited!', 'Long day at work, just want to relax.'];

const COMPOSERS: readonly ((r: SeededRandom) => string)[] = [
  (r) => r.pick(SMALL_TALK),
  (r) => `${r.pick(['How do I get started with', 'Any tips for a beginner in', 'Is it expensive to get into', 'What gear do I need for', 'How do I get better at'])} ${r.pick(HOBBIES)}?`,
  (r) => `I want a new hobby. ${r.pick(['Would', 'Should I try', 'What do you think of'])} ${r.pick(HOBBIES)} ${r.pick(['be fun', 'or', 'for someone who works from home'])}${r.pick(['?', ' or ' + r.pick(HOBBIES) + '?'])}`,
  (r) => `${r.pick(['What is the weather usually like in', 'When is the best time to visit', 'Is it safe to travel alone in', 'How many days do I need in', 'What souvenirs should I buy in'])} ${r.pick(CITIES)}?`,
  (r) => `${r.pick(['Is', 'Are'])} ${r.pick(['pancakes or waffles', 'beaches or mountains', 'books or movies', 'sunrise or sunset', 'summer or winter', 'cats or dogs', 'pizza or burgers'])} better? ${r.pick(['Convince me.', 'What do you think?', 'Pick one!', ''])}`,
  (r) => `${r.pick(['My', 'Our'])} ${r.pick(['dog', 'cat', 'parrot', 'hamster', 'rabbit', 'goldfish'])} ${r.pick(['keeps barking at night', 'will not eat its food', 'is scared of the vacuum', 'chews everything', 'seems bored'])}. ${r.pick(['Any tips?', 'What should I do?', 'Is that normal?'])}`,
  (r) => `What should I ${r.pick(['wear', 'bring', 'cook', 'buy', 'watch', 'do'])} for ${r.pick(['a rainy weekend', 'a beach day', 'a dinner party', 'a first date', 'Thanksgiving', 'a picnic', 'a long train ride', 'New Year\'s Eve'])}?`,
  (r) => `What are some fun things to do in ${r.pick(CITIES)}${r.pick([' for a weekend', ' with kids', ' on a budget', ' in winter', ''])}?`,
  (r) => `I'm visiting ${r.pick(CITIES)} next ${r.pick(['month', 'week', 'summer', 'spring'])}. ${r.pick(['Any food I must try?', 'What should I pack?', 'Which neighborhood should I stay in?', 'Is it worth a day trip somewhere nearby?'])}`,
  (r) => `How do I make ${r.pick(DISHES)}${r.pick([' without an oven', ' for eight people', ' that kids will like', ' quickly', ''])}?`,
  (r) => `Can you give me a simple recipe for ${r.pick(DISHES)}?`,
  (r) => `What can I cook with ${r.pick(['eggs', 'leftover rice', 'chickpeas', 'ground beef', 'tofu', 'potatoes', 'pasta', 'zucchini'])}, ${r.pick(['cheese', 'tomatoes', 'onions', 'spinach', 'bacon', 'mushrooms'])} and ${r.pick(['garlic', 'bread', 'lemon', 'peppers', 'canned beans', 'yogurt'])}?`,
  (r) => `Recommend a ${r.pick(MEDIA)} if I liked ${r.pick(LIKES)}.`,
  (r) => `I loved ${r.pick(LIKES)}. What ${r.pick(MEDIA)} should I try next?`,
  (r) => `What's a good ${r.pick(MEDIA)} for ${r.pick(['a rainy evening', 'a long flight', 'a family night', 'when I feel down', 'a date night', 'a group of friends'])}?`,
  (r) => `How do I ${r.pick(CHORES)}?`,
  (r) => `any tips to ${r.pick(CHORES)}`,
  (r) => `Gift ideas for my ${r.pick(['mom', 'boyfriend', 'coworker', 'grandpa', 'niece who is 8', 'best friend', 'teacher', 'neighbor'])} who loves ${r.pick(['cooking', 'hiking', 'reading', 'coffee', 'video games', 'yoga', 'photography', 'knitting', 'football'])}?`,
  (r) => `Help me plan a ${r.pick(['birthday party', 'picnic', 'game night', 'baby shower', 'housewarming', 'road trip', 'camping weekend', 'movie marathon'])} for ${r.pick(['six friends', 'my kids', 'my coworkers', 'my parents', 'a small group'])}.`,
  (r) => `${r.pick(['Know any', 'Do you have', 'Share'])} ${r.pick(['good jokes', 'riddles', 'fun facts', 'puns', 'tongue twisters', 'trivia questions'])} involving ${r.pick(['cats', 'pirates', 'space', 'food', 'dinosaurs', 'the ocean', 'coffee', 'Mondays', 'elephants', 'music'])}${r.pick(['!', '?', '', ' please'])}`,
  (r) => `Would you rather ${r.pick(['be able to fly or be invisible', 'live in the mountains or by the sea', 'have a pet dragon or a pet unicorn', 'never use social media again or never watch TV again', 'time travel to the past or the future'])}?`,
];

export const GENERAL_CHAT_SOURCE: PromptSource = {
  label: 'general_chat',
  sharedFrames: false,
  draws: 800,
  seeds: [
    'Hello!', 'hey', 'Hi, how are you today?', 'yo whats up', 'Good evening!', 'Hey there, nice to meet you.', 'Hi again :)',
    'How was your weekend?', 'What are you up to?', 'Do you ever get tired of answering questions?', 'Thanks a lot!', 'thank you!!',
    'Bye, talk to you later.', "You're the best, thanks.", 'ok cool', 'lol', 'haha nice', 'That was helpful, thanks.',
    "I'm having a great day!", 'Ugh, Mondays.', "I'm so bored right now.", "I'm feeling kind of lonely tonight, want to chat?",
    'Can we just talk for a bit?', 'What is your name?', 'Are you a robot?', 'Where are you from?', 'Do you have feelings?',
    'What do you like to do for fun?', "What's your favorite food?", "What's your favorite color?", 'Do you dream?',
    'Flip a coin for me.', 'Pick a number between 1 and 10.', 'Tell me something that will make me smile.', 'Cheer me up please.',
    'Say something nice.', 'I just got a new puppy!', 'I passed my driving test today!', 'My flight got delayed again, so annoying.',
    "It's my birthday today!", 'Happy new year!', 'Merry Christmas!', 'What should I do this weekend?', 'What should I eat for lunch?',
    'Should I go to the gym or stay home and relax?', 'Is it weird to eat cereal for dinner?', 'Coffee or tea?', 'Cats or dogs?',
    "What's a good name for a hamster?", 'What are some good names for a band?', 'What is a fun hobby to try this year?',
    'Suggest a cozy activity for a snowy day.', 'What should I watch on Netflix tonight?', 'How do I make friends in a new city?',
    'How can I be a better friend?', 'What should I wear to a summer wedding?', 'How do I keep my plants alive?',
    'What are good snacks for a movie night?', 'Any tips for a long flight?', "What's the best way to pack a suitcase?",
    'How long should I boil an egg for a runny yolk?', 'What wine goes with salmon?', "What's a good breakfast on the go?",
    'Is it better to travel by train or plane in Europe?', 'Where should I go on my honeymoon?', 'What are some fun date ideas?',
    'How do I start a conversation with my neighbor?', 'Who is the best football player ever?', "Who do you think will win the World Cup?",
    "What's the tallest building in the world?", "What's the capital of Australia?", 'How far is the moon, roughly?',
    'Tell me a bedtime joke for my kid.', 'What is a good board game for two people?', 'What should I name my sourdough starter?',
    'Give me a fun fact about sloths.', 'What are some cheap date ideas?', 'I need motivation to clean my room.', 'Good night!',
    'See you tomorrow!', 'What day is good for a barbecue, Saturday or Sunday?', 'How do I get better at chess?',
    'Recommend a good playlist for running.', 'How do I care for a succulent?', 'What is a good gift for a housewarming party?',
  ],
  topics: CITIES,
  frames: [],
  slots: {},
  composers: COMPOSERS,
};
